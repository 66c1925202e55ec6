{{/* Names */}}
{{- define "ace-mqtt-proxy.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "ace-mqtt-proxy.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "ace-mqtt-proxy.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "ace-mqtt-proxy.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ace-mqtt-proxy.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "ace-mqtt-proxy.labels" -}}
helm.sh/chart: {{ include "ace-mqtt-proxy.chart" . }}
{{ include "ace-mqtt-proxy.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: {{ printf "mqtt-proxy-%s" .Values.mode }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "ace-mqtt-proxy.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "ace-mqtt-proxy.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "ace-mqtt-proxy.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{- define "ace-mqtt-proxy.brokerImage" -}}
{{- if .Values.broker.image.digest -}}
{{- printf "%s@%s" .Values.broker.image.repository .Values.broker.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.broker.image.repository .Values.broker.image.tag -}}
{{- end -}}
{{- end -}}

{{/* True ("true") when the pods are a StatefulSet: sidecar mode with broker persistence. */}}
{{- define "ace-mqtt-proxy.statefulSet" -}}
{{- if and (eq .Values.mode "sidecar") .Values.broker.persistence.enabled -}}true{{- end -}}
{{- end -}}

{{/* config.json is a Secret when it carries the upstream password, a ConfigMap otherwise. */}}
{{- define "ace-mqtt-proxy.configInSecret" -}}
{{- if .Values.upstream.password -}}true{{- end -}}
{{- end -}}

{{/*
Pod paths. The image runs "--config /etc/ace-mqtt-proxy/config.json" (Dockerfile CMD); config.json refers
to the mounted files relative to its own folder, as ConfigLoader resolves them.
*/}}
{{- define "ace-mqtt-proxy.configDir" -}}/etc/ace-mqtt-proxy{{- end -}}

{{- define "ace-mqtt-proxy.validate" -}}
{{- $v := .Values -}}
{{- if le (int $v.terminationGracePeriodSeconds) (int $v.limits.drainSeconds) -}}
{{- fail (printf "terminationGracePeriodSeconds (%d) must be larger than limits.drainSeconds (%d): the kubelet would kill the proxy mid-drain" (int $v.terminationGracePeriodSeconds) (int $v.limits.drainSeconds)) -}}
{{- end -}}
{{- if eq (int $v.listener.port) (int $v.admin.port) -}}
{{- fail "listener.port and admin.port must differ" -}}
{{- end -}}
{{- if $v.plainListener.enabled -}}
{{- if or (eq (int $v.plainListener.port) (int $v.listener.port)) (eq (int $v.plainListener.port) (int $v.admin.port)) -}}
{{- fail "plainListener.port must differ from listener.port and admin.port" -}}
{{- end -}}
{{- end -}}
{{- if eq $v.mode "sidecar" -}}
{{- range $p := list $v.listener.port $v.admin.port -}}
{{- if eq (int $p) (int $v.broker.port) -}}
{{- fail (printf "port %d is taken by the sidecar broker (broker.port) in the same pod" (int $p)) -}}
{{- end -}}
{{- end -}}
{{- if and $v.plainListener.enabled (eq (int $v.plainListener.port) (int $v.broker.port)) -}}
{{- fail (printf "plainListener.port %d is taken by the sidecar broker (broker.port) in the same pod" (int $v.plainListener.port)) -}}
{{- end -}}
{{- if regexMatch "(?m)^\\s*(listener|port|bind_address|bind_interface)\\b" $v.broker.extraConfig -}}
{{- fail "broker.extraConfig must not declare listeners: the sidecar broker listens only on 127.0.0.1" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* config.json (CONTRACT.md keys) rendered from values. */}}
{{- define "ace-mqtt-proxy.configJson" -}}
{{- $v := .Values -}}
{{- $tls := dict "certificate" "tls/tls.crt" "privateKey" "tls/tls.key" "protocols" $v.listener.tls.protocols "psk" $v.listener.tls.psk "rawPublicKeys" $v.listener.tls.rawPublicKeys "handshakeTimeoutSeconds" $v.listener.tls.handshakeTimeoutSeconds -}}
{{- $listeners := list (dict "name" $v.listener.name "host" "0.0.0.0" "port" $v.listener.port "tls" $tls) -}}
{{- if $v.plainListener.enabled -}}
{{- $listeners = append $listeners (dict "name" $v.plainListener.name "host" "0.0.0.0" "port" $v.plainListener.port "insecure" true) -}}
{{- end -}}
{{- $upstream := dict "username" $v.upstream.username "password" $v.upstream.password "connectTimeoutSeconds" $v.upstream.connectTimeoutSeconds -}}
{{- if eq $v.mode "sidecar" -}}
{{- $_ := set $upstream "host" "127.0.0.1" -}}
{{- $_ := set $upstream "port" $v.broker.port -}}
{{- else -}}
{{- $_ := set $upstream "host" $v.upstream.host -}}
{{- $_ := set $upstream "port" $v.upstream.port -}}
{{- end -}}
{{- $issuers := list -}}
{{- range $i, $iss := $v.ace.issuers -}}
{{- $issuers = append $issuers (dict "issuer" $iss.issuer "keys" (printf "issuers/%d/%s" $i $iss.keys.key)) -}}
{{- end -}}
{{- $ace := dict "audience" $v.ace.audience "issuers" $issuers "introspection" $v.ace.introspection "authzInfoTopic" $v.ace.authzInfoTopic "anonymousScope" $v.ace.anonymousScope "clockSkewSeconds" $v.ace.clockSkewSeconds "asHint" $v.ace.asHint "notAuthorizedReasonCode" $v.ace.notAuthorizedReasonCode -}}
{{- $config := dict "listeners" $listeners "upstream" $upstream "ace" $ace "admin" (dict "host" "0.0.0.0" "port" $v.admin.port) "limits" $v.limits "logging" $v.logging -}}
{{- toPrettyJson $config -}}
{{- end -}}

{{/* mosquitto.conf of the sidecar broker: loopback only. */}}
{{- define "ace-mqtt-proxy.mosquittoConf" -}}
# Rendered by the ace-mqtt-proxy chart. Loopback only: nothing but the proxy in this pod can connect.
listener {{ .Values.broker.port }} 127.0.0.1
# The proxy is the only client; it has already authorized every packet it forwards.
allow_anonymous true
set_tcp_nodelay true
log_dest stdout
log_timestamp_format %Y-%m-%dT%H:%M:%S
{{- if .Values.broker.persistence.enabled }}
persistence true
persistence_location /mosquitto/data/
{{- else }}
persistence false
{{- end }}
{{- with .Values.broker.extraConfig }}
{{ . }}
{{- end }}
{{- end -}}

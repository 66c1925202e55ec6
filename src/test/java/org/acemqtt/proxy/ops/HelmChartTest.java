package org.acemqtt.proxy.ops;

import static org.acemqtt.proxy.ops.Charts.FULLNAME;
import static org.acemqtt.proxy.ops.Charts.TLS;
import static org.acemqtt.proxy.ops.Charts.at;
import static org.acemqtt.proxy.ops.Charts.list;
import static org.acemqtt.proxy.ops.Charts.map;
import static org.acemqtt.proxy.ops.Charts.render;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** helm lint and helm template of helm/ace-mqtt-proxy, with assertions on the rendered manifests. */
class HelmChartTest {
    static final String ISSUER = """
            ace:
              audience: ["mqtts://broker.example.com"]
              issuers:
                - issuer: https://as.example.com
                  keys:
                    secretName: as-keys
                    key: jwks.json
              anonymousScope: [["public/#", ["pub", "sub"]]]
              asHint:
                AS: https://as.example.com/token
                audience: mqtts://broker.example.com
            """;
    static final String STANDALONE = """
            mode: standalone
            upstream:
              host: mosquitto.brokers.svc.cluster.local
              port: 1884
            """;

    @TempDir
    Path tmp;

    // ---- helm lint ------------------------------------------------------------------------------------------------

    @Test
    void lintAsShippedRefusesOnlyTheMissingTlsSecretName() {
        LintResult result = new Helm(Charts.CHART).lint().strict().call();
        assertThat(result.isFailed()).isTrue();
        assertThat(String.join("\n", result.getMessages())).contains("secretName");
    }

    @Test
    void lintPassesInSidecarMode() throws IOException {
        LintResult result = new Helm(chartCopy("secretName: \"\"", "secretName: proxy-tls")).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void lintPassesInStandaloneMode() throws IOException {
        LintResult result = new Helm(chartCopy("secretName: \"\"", "secretName: proxy-tls", "mode: sidecar", "mode: standalone",
                "  host: \"\"", "  host: mosquitto.brokers.svc")).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    /** helm-java's lint takes no values file: lint a copy of the chart whose values.yaml has these line edits. */
    private Path chartCopy(String... replacements) throws IOException {
        Path copy = tmp.resolve("ace-mqtt-proxy");
        try (Stream<Path> files = Files.walk(Charts.CHART)) {
            for (Path p : files.toList()) {
                Path target = copy.resolve(Charts.CHART.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        Path values = copy.resolve("values.yaml");
        String text = Files.readString(values, StandardCharsets.UTF_8);
        for (int i = 0; i < replacements.length; i += 2) {
            assertThat(text).contains(replacements[i]);
            text = text.replaceFirst(Pattern.quote(replacements[i]), replacements[i + 1]);
        }
        Files.writeString(values, text, StandardCharsets.UTF_8);
        return copy;
    }

    // ---- sidecar mode -----------------------------------------------------------------------------------------------

    @Test
    void sidecarRendersBrokerAndProxyInOnePod() {
        Charts.Rendered r = render(TLS + ISSUER);
        assertThat(r.kinds()).containsExactly(
                "ConfigMap/" + FULLNAME + "-broker", "ConfigMap/" + FULLNAME + "-config", "Deployment/" + FULLNAME,
                "PodDisruptionBudget/" + FULLNAME, "Service/" + FULLNAME, "Service/" + FULLNAME + "-metrics",
                "ServiceAccount/" + FULLNAME);
        assertThat(list(r.pod(), "containers").stream().map(c -> at(c, "name"))).containsExactly("proxy", "broker");

        Map<String, Object> broker = r.container("broker");
        String image = (String) broker.get("image");
        assertThat(image).startsWith("eclipse-mosquitto:").doesNotEndWith(":latest").matches(".*:[0-9]+\\.[0-9]+\\.[0-9]+");
        assertThat(broker).doesNotContainKey("ports");
        String conf = (String) map(r.one("ConfigMap", FULLNAME + "-broker"), "data").get("mosquitto.conf");
        List<String> listenerLines = conf.lines().map(String::strip)
                .filter(l -> l.startsWith("listener") || l.startsWith("port") || l.startsWith("bind_")).toList();
        assertThat(listenerLines).containsExactly("listener 1883 127.0.0.1");
        assertThat(conf.lines().map(String::strip)).contains("set_tcp_nodelay true", "persistence false");
        assertThat(at(broker, "volumeMounts[name=broker-config].mountPath")).isEqualTo("/mosquitto/config");
        assertThat(list(broker, "command")).containsExactly("/usr/sbin/mosquitto", "-c", "/mosquitto/config/mosquitto.conf");

        JsonNode config = r.configJson();
        assertThat(config.at("/upstream/host").asText()).isEqualTo("127.0.0.1");
        assertThat(config.at("/upstream/port").asInt()).isEqualTo(1883);
        assertThat(config.at("/listeners").size()).isEqualTo(1);
        assertThat(r.one("Service", FULLNAME).toString()).doesNotContain("1883");
    }

    @Test
    void configJsonCarriesTheContractKeys() {
        JsonNode c = Charts.render(TLS + ISSUER).configJson();
        assertThat(fieldNames(c)).containsExactlyInAnyOrder("listeners", "upstream", "ace", "admin", "limits", "logging");
        JsonNode l = c.at("/listeners/0");
        assertThat(fieldNames(l)).containsExactlyInAnyOrder("name", "host", "port", "tls");
        assertThat(l.get("name").asText()).isEqualTo("mqtts");
        assertThat(l.get("port").asInt()).isEqualTo(8883);
        assertThat(fieldNames(l.get("tls"))).contains("certificate", "privateKey", "protocols", "psk", "rawPublicKeys");
        assertThat(l.at("/tls/protocols").toString()).isEqualTo("[\"TLSv1.3\",\"TLSv1.2\"]");
        assertThat(fieldNames(c.get("upstream"))).contains("host", "port", "username", "password");
        assertThat(c.at("/upstream/username").isNull()).isTrue();
        assertThat(fieldNames(c.get("ace"))).contains("audience", "issuers", "introspection", "authzInfoTopic", "anonymousScope",
                "clockSkewSeconds", "asHint");
        assertThat(c.at("/ace/issuers/0/issuer").asText()).isEqualTo("https://as.example.com");
        assertThat(c.at("/ace/issuers/0/keys").asText()).isEqualTo("issuers/0/jwks.json");
        assertThat(c.at("/ace/anonymousScope").toString()).isEqualTo("[[\"public/#\",[\"pub\",\"sub\"]]]");
        assertThat(c.at("/ace/asHint/AS").asText()).isEqualTo("https://as.example.com/token");
        assertThat(c.at("/admin/host").asText()).isEqualTo("0.0.0.0");
        assertThat(c.at("/admin/port").asInt()).isEqualTo(9090);
        assertThat(c.at("/limits/drainSeconds").asInt()).isEqualTo(10);
        // Integers stay integers through Helm's float64 values (ConfigLoader refuses 1.0e+06-style numbers).
        assertThat(c.at("/limits/maxPacketSize").isIntegralNumber()).isTrue();
        assertThat(Charts.render(TLS + ISSUER).configJsonText()).doesNotContain("e+");
    }

    @Test
    void everyContainerIsLockedDown() {
        for (Charts.Rendered r : List.of(render(TLS), render(TLS + STANDALONE))) {
            Map<String, Object> pod = r.pod();
            assertThat(at(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
            assertThat(at(pod, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
            assertThat(at(pod, "automountServiceAccountToken")).isEqualTo(false);
            for (Object c : list(pod, "containers")) {
                assertThat(at(c, "securityContext.runAsNonRoot")).as("%s", at(c, "name")).isEqualTo(true);
                assertThat(at(c, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
                assertThat(at(c, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
                assertThat(list(c, "securityContext.capabilities.drop")).containsExactly("ALL");
                assertThat(list(c, "securityContext.capabilities.add")).isEmpty();
                assertThat(at(c, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
                assertThat((Long) at(c, "securityContext.runAsUser")).isPositive();
                assertThat(map(c, "resources")).containsKeys("requests", "limits");
            }
            // Java (and Netty's native libraries) need a writable tmp on a read-only root filesystem.
            assertThat(at(r.container("proxy"), "volumeMounts[name=tmp].mountPath")).isEqualTo("/tmp");
            assertThat(at(pod, "volumes[name=tmp].emptyDir")).isNotNull();
        }
    }

    @Test
    void probesAndScrapeAnnotationsUseTheAdminPort() {
        Charts.Rendered r = render(TLS);
        Map<String, Object> proxy = r.container("proxy");
        long adminPort = r.configJson().at("/admin/port").asLong();
        assertThat(at(proxy, "ports[name=http-admin].containerPort")).isEqualTo(adminPort);
        assertThat(at(proxy, "ports[name=mqtts].containerPort")).isEqualTo(r.configJson().at("/listeners/0/port").asLong());
        assertThat(at(proxy, "livenessProbe.httpGet.path")).isEqualTo("/health/live");
        assertThat(at(proxy, "livenessProbe.httpGet.port")).isEqualTo("http-admin");
        assertThat(at(proxy, "readinessProbe.httpGet.path")).isEqualTo("/health/ready");
        assertThat(at(proxy, "readinessProbe.httpGet.port")).isEqualTo("http-admin");
        assertThat(at(proxy, "startupProbe.httpGet.path")).isEqualTo("/health/live");
        Map<String, Object> annotations = map(r.workload(), "spec.template.metadata.annotations");
        assertThat(annotations).containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/port", "9090")
                .containsEntry("prometheus.io/path", "/metrics");
        Map<String, Object> metrics = r.one("Service", FULLNAME + "-metrics");
        assertThat(at(metrics, "spec.type")).isEqualTo("ClusterIP");
        assertThat(at(metrics, "spec.ports[name=http-admin].port")).isEqualTo(adminPort);
        assertThat(at(metrics, "spec.ports[name=http-admin].targetPort")).isEqualTo("http-admin");
    }

    @Test
    void clientServiceExposesOnlyMqttsAndSelectsThePods() {
        Charts.Rendered r = render(TLS);
        Map<String, Object> svc = r.one("Service", FULLNAME);
        assertThat(list(svc, "spec.ports")).hasSize(1);
        assertThat(at(svc, "spec.ports[0].name")).isEqualTo("mqtts");
        assertThat(at(svc, "spec.ports[0].port")).isEqualTo(8883L);
        assertThat(at(svc, "spec.ports[0].targetPort")).isEqualTo("mqtts");
        Map<String, Object> podLabels = map(r.workload(), "spec.template.metadata.labels");
        for (Map<String, Object> s : r.all("Service")) {
            assertThat(podLabels).containsAllEntriesOf(map(s, "spec.selector"));
        }
        assertThat(podLabels).containsAllEntriesOf(map(r.workload(), "spec.selector.matchLabels"));
        Map<String, Object> pdb = r.one("PodDisruptionBudget", FULLNAME);
        assertThat(podLabels).containsAllEntriesOf(map(pdb, "spec.selector.matchLabels"));
        assertThat(at(pdb, "spec.maxUnavailable")).isEqualTo(1L);
    }

    @Test
    void configChecksumRollsPodsOnlyWhenTheConfigChanges() {
        String a = checksum(render(TLS + ISSUER));
        assertThat(a).matches("[0-9a-f]{64}");
        assertThat(checksum(render(TLS + ISSUER))).isEqualTo(a);
        assertThat(checksum(render(TLS + ISSUER, "limits.drainSeconds", "20"))).isNotEqualTo(a);
        assertThat(checksum(render(TLS + ISSUER, "ace.clockSkewSeconds", "7"))).isNotEqualTo(a);
        Object b1 = map(render(TLS).workload(), "spec.template.metadata.annotations").get("checksum/broker-config");
        Object b2 = map(render(TLS, "broker.extraConfig", "max_queued_messages 5000").workload(),
                "spec.template.metadata.annotations").get("checksum/broker-config");
        assertThat(b2).isNotEqualTo(b1);
    }

    private static String checksum(Charts.Rendered r) {
        return (String) map(r.workload(), "spec.template.metadata.annotations").get("checksum/config");
    }

    @Test
    void terminationGraceOutlastsTheDrain() {
        Charts.Rendered r = render(TLS);
        long grace = (Long) at(r.pod(), "terminationGracePeriodSeconds");
        assertThat(grace).isGreaterThan(r.configJson().at("/limits/drainSeconds").asLong());
        Charts.Rendered longer = render(TLS, "limits.drainSeconds", "50", "terminationGracePeriodSeconds", "60");
        assertThat(longer.configJson().at("/limits/drainSeconds").asInt()).isEqualTo(50);
        assertThat(at(longer.pod(), "terminationGracePeriodSeconds")).isEqualTo(60L);
    }

    @Test
    void tlsAndIssuerSecretsAreDirectoryMountsSoRotationsReachTheProxy() {
        Charts.Rendered r = render(TLS + """
                ace:
                  issuers:
                    - issuer: https://as.example.com
                      keys:
                        secretName: as-keys
                        key: jwks.json
                    - issuer: https://as2.example.com
                      keys:
                        configMapName: as2-public
                        key: keys.json
                """);
        Map<String, Object> proxy = r.container("proxy");
        assertThat(at(proxy, "volumeMounts[name=tls].mountPath")).isEqualTo("/etc/ace-mqtt-proxy/tls");
        assertThat(at(proxy, "volumeMounts[name=tls].subPath")).isNull();
        assertThat(at(r.pod(), "volumes[name=tls].secret.secretName")).isEqualTo("proxy-tls");
        assertThat(at(r.pod(), "volumes[name=issuer-keys-0].secret.secretName")).isEqualTo("as-keys");
        assertThat(at(r.pod(), "volumes[name=issuer-keys-1].configMap.name")).isEqualTo("as2-public");
        assertThat(at(proxy, "volumeMounts[name=issuer-keys-1].subPath")).isNull();
        assertThat(r.configJson().at("/ace/issuers/1/keys").asText()).isEqualTo("issuers/1/keys.json");
        assertThat(at(proxy, "volumeMounts[name=config].subPath")).isEqualTo("config.json");
    }

    @Test
    void persistenceTurnsTheSidecarIntoAStatefulSet() {
        Charts.Rendered r = render(TLS, "broker.persistence.enabled", "true", "broker.persistence.size", "2Gi");
        assertThat(r.all("Deployment")).isEmpty();
        Map<String, Object> sts = r.one("StatefulSet", FULLNAME);
        assertThat(at(sts, "spec.serviceName")).isEqualTo(FULLNAME + "-headless");
        assertThat(at(r.one("Service", FULLNAME + "-headless"), "spec.clusterIP")).isEqualTo("None");
        assertThat(at(sts, "spec.volumeClaimTemplates[0].metadata.name")).isEqualTo("data");
        assertThat(at(sts, "spec.volumeClaimTemplates[0].spec.resources.requests.storage")).isEqualTo("2Gi");
        assertThat(at(r.container("broker"), "volumeMounts[name=data].mountPath")).isEqualTo("/mosquitto/data");
        String conf = (String) map(r.one("ConfigMap", FULLNAME + "-broker"), "data").get("mosquitto.conf");
        assertThat(conf).contains("persistence true", "persistence_location /mosquitto/data/");
    }

    // ---- standalone mode --------------------------------------------------------------------------------------------

    @Test
    void standaloneRendersTheProxyAloneInFrontOfTheBrokerService() {
        Charts.Rendered r = render(TLS + STANDALONE);
        assertThat(list(r.pod(), "containers").stream().map(c -> at(c, "name"))).containsExactly("proxy");
        assertThat(r.kinds()).doesNotContain("ConfigMap/" + FULLNAME + "-broker");
        assertThat(r.all("ConfigMap")).hasSize(1);
        JsonNode c = r.configJson();
        assertThat(c.at("/upstream/host").asText()).isEqualTo("mosquitto.brokers.svc.cluster.local");
        assertThat(c.at("/upstream/port").asInt()).isEqualTo(1884);
        assertThat(at(r.pod(), "volumes[name=broker-config]")).isNull();
        // Persistence is about the sidecar broker: standalone stays a Deployment.
        assertThat(render(TLS + STANDALONE, "broker.persistence.enabled", "true").all("StatefulSet")).isEmpty();
    }

    @Test
    void upstreamPasswordMovesConfigJsonIntoASecret() {
        Charts.Rendered r = render(TLS + STANDALONE + "  username: proxy\n  password: s3cret\n");
        assertThat(r.all("ConfigMap")).isEmpty();
        Map<String, Object> secret = r.one("Secret", FULLNAME + "-config");
        assertThat(secret).containsKey("stringData");
        assertThat(r.configJson().at("/upstream/password").asText()).isEqualTo("s3cret");
        assertThat(at(r.pod(), "volumes[name=config].secret.secretName")).isEqualTo(FULLNAME + "-config");
        assertThat(r.text.indexOf("s3cret")).isEqualTo(r.text.lastIndexOf("s3cret")); // only in the Secret
    }

    // ---- options ----------------------------------------------------------------------------------------------------

    @Test
    void plainListenerNeedsAndGetsTheInsecureFlag() {
        Charts.Rendered r = render(TLS, "plainListener.enabled", "true", "plainListener.acknowledgeInsecure",
                "plaintext-mqtt-is-unencrypted");
        JsonNode plain = r.configJson().at("/listeners/1");
        assertThat(plain.get("insecure").asBoolean()).isTrue();
        assertThat(plain.has("tls")).isFalse();
        assertThat(plain.get("port").asInt()).isEqualTo(1884);
        Map<String, Object> svc = r.one("Service", FULLNAME);
        assertThat(at(svc, "spec.ports[name=mqtt].port")).isEqualTo(1883L);
        assertThat(at(svc, "spec.ports[name=mqtt].targetPort")).isEqualTo("mqtt");
        assertThat(at(r.container("proxy"), "ports[name=mqtt].containerPort")).isEqualTo(1884L);
    }

    @Test
    void certManagerCertificateWritesTheTlsSecret() {
        Charts.Rendered r = render(TLS, "certManager.enabled", "true", "certManager.issuerRef.name", "internal-ca",
                "certManager.issuerRef.kind", "ClusterIssuer");
        Map<String, Object> cert = r.one("Certificate", FULLNAME);
        assertThat(at(cert, "apiVersion")).isEqualTo("cert-manager.io/v1");
        assertThat(at(cert, "spec.secretName")).isEqualTo(at(r.pod(), "volumes[name=tls].secret.secretName"));
        assertThat(at(cert, "spec.issuerRef.name")).isEqualTo("internal-ca");
        assertThat(at(cert, "spec.issuerRef.kind")).isEqualTo("ClusterIssuer");
        assertThat(list(cert, "spec.dnsNames")).contains(FULLNAME + ".mqtt.svc", FULLNAME + ".mqtt.svc.cluster.local");
        assertThat(at(cert, "spec.privateKey.encoding")).isEqualTo("PKCS8");
        assertThat(render(TLS).all("Certificate")).isEmpty();
    }

    @Test
    void serviceMonitorScrapesTheMetricsService() {
        Charts.Rendered r = render(TLS, "metrics.serviceMonitor.enabled", "true", "metrics.serviceMonitor.labels.release",
                "kube-prometheus-stack");
        Map<String, Object> sm = r.one("ServiceMonitor", FULLNAME);
        assertThat(at(sm, "metadata.labels.release")).isEqualTo("kube-prometheus-stack");
        assertThat(at(sm, "spec.endpoints[0].port")).isEqualTo("http-admin");
        assertThat(at(sm, "spec.endpoints[0].path")).isEqualTo("/metrics");
        Map<String, Object> selector = map(sm, "spec.selector.matchLabels");
        List<String> selected = new ArrayList<>();
        for (Map<String, Object> s : r.all("Service")) {
            if (map(s, "metadata.labels").entrySet().containsAll(selector.entrySet())) {
                selected.add((String) at(s, "metadata.name"));
            }
        }
        assertThat(selected).containsExactly(FULLNAME + "-metrics");
        assertThat(render(TLS).all("ServiceMonitor")).isEmpty();
        assertThat(map(render(TLS, "metrics.podAnnotations", "false").workload(), "spec.template.metadata.annotations"))
                .doesNotContainKey("prometheus.io/scrape");
    }

    @Test
    void imageTagDefaultsToAppVersionAndDigestWins() {
        assertThat(render(TLS).container("proxy").get("image")).isEqualTo("ace-mqtt-proxy:0.1.0");
        assertThat(render(TLS, "image.repository", "registry.example/ace", "image.tag", "1.2.3").container("proxy").get("image"))
                .isEqualTo("registry.example/ace:1.2.3");
        String digest = "sha256:" + "a".repeat(64);
        assertThat(render(TLS, "image.digest", digest).container("proxy").get("image")).isEqualTo("ace-mqtt-proxy@" + digest);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}

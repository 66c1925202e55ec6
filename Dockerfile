# syntax=docker/dockerfile:1
#
# ace-mqtt-proxy container image.
#
#   docker build -t ace-mqtt-proxy:0.1.0 .
#   docker run --rm -p 8883:8883 -p 9090:9090 \
#     -v "$PWD/config.json:/etc/ace-mqtt-proxy/config.json:ro" \
#     -v "$PWD/certs:/etc/ace-mqtt-proxy/certs:ro" ace-mqtt-proxy:0.1.0
#
# The build stage runs exactly the build of README.md / CONTRACT.md; src/test/java/org/acemqtt/proxy/ops/
# DockerfileTest fails if this file and the Maven build drift apart (build command, jar path, lib/ folder).

# ---- build: the same command CI and the README use --------------------------------------------------------
FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY src ./src
# The cache mount keeps ~/.m2 between builds; the command itself is the README's, nothing added.
RUN --mount=type=cache,target=/root/.m2 mvn -B -DskipTests package

# ---- runtime: JRE only ------------------------------------------------------------------------------------------
FROM eclipse-temurin:17.0.16_8-jre-noble
LABEL org.opencontainers.image.title="ace-mqtt-proxy" \
      org.opencontainers.image.description="RFC 9431 (ACE MQTT-TLS profile) authorization proxy for MQTT" \
      org.opencontainers.image.licenses="Apache-2.0"

# Numeric, non-root user; the Helm chart runs with the same UID/GID (runAsUser/runAsGroup 10001).
RUN groupadd --system --gid 10001 ace \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin ace \
 && mkdir -p /etc/ace-mqtt-proxy

# The jar's manifest Class-Path points at lib/ next to it: keep that layout.
COPY --from=build /src/target/ace-mqtt-proxy.jar /opt/ace-mqtt-proxy/ace-mqtt-proxy.jar
COPY --from=build /src/target/lib/ /opt/ace-mqtt-proxy/lib/

# Start-up (issue 7): a static AppCDS archive of the classes a start loads, made by a training start of this very
# JRE (`demo --check-only`; without Mosquitto in the image only start-up runs). ~1.4 s to ready cold, ~0.8 s with it.
# If a JVM cannot map it (other flags, other JRE), -Xshare:auto starts without it.
COPY src/main/docker/cds-archive.sh /tmp/cds-archive.sh
RUN bash /tmp/cds-archive.sh /opt/ace-mqtt-proxy/ace-mqtt-proxy.jar /opt/ace-mqtt-proxy/ace-mqtt-proxy.jsa \
 && rm /tmp/cds-archive.sh

# Config and certificates are mounts, never baked in: /etc/ace-mqtt-proxy/config.json refers to its files
# relative to /etc/ace-mqtt-proxy/ (e.g. certs/server.crt, keys/as.jwks.json).
ENV ACE_MQTT_PROXY_CONFIG=/etc/ace-mqtt-proxy/config.json
WORKDIR /opt/ace-mqtt-proxy
USER 10001:10001

# 8883: MQTT over TLS (listeners[0].port); 9090: admin HTTP (/metrics, /health/live, /health/ready).
EXPOSE 8883 9090

# The JRE image has no curl/wget; bash's /dev/tcp speaks just enough HTTP/1.0 to read the status line.
# ADMIN_PORT overrides the port when config.json moves admin.port. Kubernetes ignores HEALTHCHECK
# (the chart uses httpGet probes on the same endpoints).
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${ADMIN_PORT:-9090} && printf 'GET /health/live HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && read -r -t 2 _ status _ <&3 && [ \"$status\" = 200 ]"]

# The AppCDS archive above; -XX:MaxRAMPercentage sizes the heap from the container memory limit; the proxy exits (and is restarted)
# rather than limping on after an OutOfMemoryError. Extra flags: JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/opt/ace-mqtt-proxy/ace-mqtt-proxy.jsa", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp", "-jar", "/opt/ace-mqtt-proxy/ace-mqtt-proxy.jar"]
CMD ["run", "--config", "/etc/ace-mqtt-proxy/config.json"]

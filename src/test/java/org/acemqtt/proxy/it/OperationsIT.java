package org.acemqtt.proxy.it;

import static org.acemqtt.proxy.testsupport.MqttBytes.DISCONNECT;
import static org.acemqtt.proxy.testsupport.MqttBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.acemqtt.proxy.testsupport.HiveClients;
import org.acemqtt.proxy.testsupport.MosquittoBroker;
import org.acemqtt.proxy.testsupport.MqttBytes;
import org.acemqtt.proxy.testsupport.NettyLeakGuard;
import org.acemqtt.proxy.testsupport.ProxyFixture;
import org.acemqtt.proxy.testsupport.RawMqttClient;
import org.acemqtt.proxy.testsupport.RawMqttClient.Packet;
import org.acemqtt.proxy.testsupport.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What an operator relies on (CONTRACT.md): the Prometheus endpoint, the SIGTERM drain, the access log. */
@ExtendWith(NettyLeakGuard.class)
@Timeout(90)
class OperationsIT {
    static final Set<String> CONTRACT_METRICS = Set.of("ace_proxy_connections_active", "ace_proxy_connections_total",
            "ace_proxy_auth_total", "ace_proxy_denied_total", "ace_proxy_disconnects_total",
            "ace_proxy_token_validation_seconds", "ace_proxy_messages_total", "ace_proxy_upstream_connect_failures_total");
    /** Prometheus text exposition: comments, or {@code name{labels} value}. */
    static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*\\})? (\\S+)$");

    @Test
    void metricsParseAsPrometheusTextAndCarryEveryContractName(@TempDir Path dir) throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             ProxyFixture proxy = ProxyFixture.builder(dir.resolve("proxy"), broker.port()).start()) {
            try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
                c.connect(MqttBytes.connect(5, HiveClients.id("metrics")));
                c.send(MqttBytes.publish(5, "topic1", 1, 1, utf8("allowed")), MqttBytes.publish(5, "secret", 1, 2, utf8("denied")));
                c.read(Duration.ofSeconds(5));
                c.read(Duration.ofSeconds(5));
            }
            ProxyFixture.HttpResult metrics = proxy.admin("/metrics");
            assertThat(metrics.status()).isEqualTo(200);
            List<String> names = new ArrayList<>();
            for (String line : metrics.body().split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                Matcher m = SAMPLE.matcher(line);
                assertThat(m.matches()).as("not Prometheus text: " + line).isTrue();
                Double.parseDouble(m.group(3).replace("+Inf", "Infinity"));
                names.add(m.group(1));
            }
            for (String name : CONTRACT_METRICS) {
                assertThat(names).as(name).anyMatch(n -> n.equals(name) || n.startsWith(name + "_"));
            }
            assertThat(names).contains("jvm_memory_used_bytes", "ace_proxy_netty_direct_memory_used_bytes");
            assertThat(metrics.body()).doesNotContain("topic1").doesNotContain("secret").doesNotContain("metrics-");
        }
    }

    @Test
    void sigtermDrainsWithServerShuttingDownAndExitsZero(@TempDir Path dir) throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"))) {
            TestPki pki = TestPki.create(dir.resolve("pki"));
            int port = MosquittoBroker.freePort();
            Path config = dir.resolve("config.json");
            Files.writeString(config, """
                    { "listeners": [ { "name": "mqtts", "host": "127.0.0.1", "port": %d,
                        "tls": { "certificate": "pki/server.pem", "privateKey": "pki/server.key" } } ],
                      "upstream": { "host": "127.0.0.1", "port": %d },
                      "ace": { "audience": ["mqtts://localhost"], "anonymousScope": [["#", ["pub", "sub"]]] },
                      "admin": { "host": "127.0.0.1", "port": 0 }, "limits": { "drainSeconds": 5 },
                      "logging": { "format": "json" } }""".formatted(port, broker.port()));
            // The shipped artifact, as an operator runs it (failsafe runs after package).
            Path output = dir.resolve("proxy.log");
            Process proxy = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", System.getProperty("proxy.jar"), "run", "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            try {
                long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!Files.readString(output).contains("ace-mqtt-proxy ready") && System.nanoTime() < until) {
                    Thread.sleep(50);
                }
                try (RawMqttClient c = RawMqttClient.tls(port, pki)) {
                    assertThat(c.connect(MqttBytes.connect(5, HiveClients.id("drained"))).reasonCode()).isZero();
                    proxy.destroy(); // SIGTERM
                    List<Packet> last = c.readUntilClosed(Duration.ofSeconds(10));
                    assertThat(last).extracting(Packet::type).containsExactly(DISCONNECT);
                    assertThat(last.get(0).reasonCode()).isEqualTo(0x8B);
                }
                assertThat(proxy.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(proxy.exitValue()).isZero();
                List<String> log = Files.readAllLines(output);
                assertThat(log).allMatch(l -> l.startsWith("{\"ts\":"), "JSON log lines");
                assertThat(log).as(String.join("\n", log)).anyMatch(l -> l.contains("closed /127.0.0.1") && l.contains("reason=shutdown")
                        && l.contains("duration_ms=") && l.contains("bytes_in="));
            } finally {
                proxy.destroyForcibly();
            }
        }
    }
}

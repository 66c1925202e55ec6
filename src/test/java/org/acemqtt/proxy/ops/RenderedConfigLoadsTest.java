package org.acemqtt.proxy.ops;

import static org.acemqtt.proxy.ops.Charts.TLS;
import static org.acemqtt.proxy.ops.Charts.at;
import static org.acemqtt.proxy.ops.Charts.list;
import static org.acemqtt.proxy.ops.Charts.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.acemqtt.proxy.config.ConfigException;
import org.acemqtt.proxy.config.ConfigLoader;
import org.acemqtt.proxy.config.ProxyConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The strongest check of the chart's config.json: lay out the proxy container's mounts (PodFiles) and load the
 * rendered file with the proxy's own {@link ConfigLoader}, exactly as {@code run --config} in the pod would.
 */
class RenderedConfigLoadsTest {
    @TempDir
    Path tmp;

    private ProxyConfig loadInPod(Charts.Rendered r, Map<String, String> jwks) throws Exception {
        Map<String, Map<String, byte[]>> cluster = PodFiles.cluster(tmp.resolve("scratch"), "proxy-tls", jwks);
        Path root = PodFiles.materialise(r, "proxy", tmp.resolve("pod"), cluster);
        List<Object> args = list(r.container("proxy"), "args");
        assertThat(args).hasSize(3);
        assertThat(args.subList(0, 2)).containsExactly("run", "--config");
        Path config = root.resolve(((String) args.get(2)).substring(1));
        assertThat(config).exists();
        return ConfigLoader.load(config);
    }

    @Test
    void sidecarConfigLoads() throws Exception {
        Charts.Rendered r = render(TLS + HelmChartTest.ISSUER);
        ProxyConfig config = loadInPod(r, Map.of("as-keys", "jwks.json"));
        assertThat(config.listeners()).hasSize(1);
        assertThat(config.listeners().get(0).port()).isEqualTo(8883);
        assertThat(config.listeners().get(0).tls()).isPresent();
        assertThat(config.listeners().get(0).tls().get().certificate().toString()).endsWith("/etc/ace-mqtt-proxy/tls/tls.crt");
        assertThat(config.upstream().host()).isEqualTo("127.0.0.1");
        assertThat(config.upstream().port()).isEqualTo(1883);
        assertThat(config.ace().issuers()).hasSize(1);
        assertThat(config.ace().issuers().get(0).keys().toString()).endsWith("/etc/ace-mqtt-proxy/issuers/0/jwks.json");
        assertThat(config.admin().host()).isEqualTo("0.0.0.0");
        assertThat(config.admin().port()).isEqualTo(9090);
        assertThat(config.limits().drainTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void standaloneConfigWithEverythingSetLoads() throws Exception {
        Charts.Rendered r = render(TLS + """
                mode: standalone
                upstream:
                  host: mosquitto.brokers.svc
                  port: 1884
                  username: proxy
                  password: s3cret
                plainListener:
                  enabled: true
                  acknowledgeInsecure: plaintext-mqtt-is-unencrypted
                ace:
                  audience: ["mqtts://a", "mqtts://b"]
                  issuers:
                    - issuer: https://as1
                      keys:
                        secretName: as1
                        key: jwks.json
                    - issuer: https://as2
                      keys:
                        configMapName: as2
                        key: as2.jwks.json
                  anonymousScope: '[["public/#",["sub"]]]'
                  notAuthorizedReasonCode: 128
                limits:
                  drainSeconds: 25
                  maxPacketSize: 268435455
                terminationGracePeriodSeconds: 40
                logging:
                  format: text
                  level: debug
                """);
        ProxyConfig config = loadInPod(r, Map.of("as1", "jwks.json", "as2", "as2.jwks.json"));
        assertThat(config.listeners()).hasSize(2);
        assertThat(config.listeners().get(1).tls()).isEmpty();
        assertThat(config.upstream().host()).isEqualTo("mosquitto.brokers.svc");
        assertThat(config.upstream().port()).isEqualTo(1884);
        assertThat(config.ace().issuers()).hasSize(2);
        assertThat(config.limits().drainTimeout()).isEqualTo(Duration.ofSeconds(25));
        assertThat(config.limits().maxPacketSize()).isEqualTo(268435455);
    }

    @Test
    void aMissingIssuerKeyFileIsWhatTheProxyWouldReport() throws Exception {
        // The mounted Secret lacks the key the values name: the kubelet would refuse the pod ("couldn't find key");
        // the same layout without items is reported by ConfigLoader with the JSON path.
        Charts.Rendered r = render(TLS + HelmChartTest.ISSUER);
        Map<String, Map<String, byte[]>> cluster = PodFiles.cluster(tmp.resolve("scratch"), "proxy-tls", Map.of("as-keys", "other.json"));
        assertThatThrownBy(() -> PodFiles.materialise(r, "proxy", tmp.resolve("pod"), cluster))
                .hasMessageContaining("jwks.json");
        Path root = tmp.resolve("pod2");
        Files.createDirectories(root.resolve("etc/ace-mqtt-proxy"));
        Files.writeString(root.resolve("etc/ace-mqtt-proxy/config.json"), r.configJsonText());
        assertThatThrownBy(() -> ConfigLoader.load(root.resolve("etc/ace-mqtt-proxy/config.json")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).anyMatch(p -> p.startsWith("listeners[0].tls.certificate"))
                        .anyMatch(p -> p.startsWith("ace.issuers[0].keys")));
    }

    @Test
    void everyFileTheConfigNamesIsUnderAMountOfTheProxyContainer() {
        Charts.Rendered r = render(TLS + HelmChartTest.ISSUER);
        String configPath = (String) list(r.container("proxy"), "args").get(2);
        Path dir = Path.of(configPath).getParent();
        List<String> files = List.of(r.configJson().at("/listeners/0/tls/certificate").asText(),
                r.configJson().at("/listeners/0/tls/privateKey").asText(), r.configJson().at("/ace/issuers/0/keys").asText());
        List<String> mounts = list(r.container("proxy"), "volumeMounts").stream().map(m -> (String) at(m, "mountPath")).toList();
        for (String f : files) {
            String podPath = dir.resolve(f).normalize().toString();
            assertThat(mounts).as(podPath).anyMatch(m -> podPath.startsWith(m + "/"));
        }
        assertThat(mounts).contains(configPath);
    }
}

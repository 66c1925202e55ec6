package org.acemqtt.proxy.ops;

import static org.acemqtt.proxy.ops.Charts.TLS;
import static org.acemqtt.proxy.ops.Charts.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Values that values.schema.json (or, where a schema cannot compare two fields, the templates) must refuse. */
class HelmValuesRefusedTest {

    static Stream<Arguments> refused() {
        return Stream.of(
                // name, values YAML, --set pairs, a fragment of helm's message
                Arguments.of("unknown mode", TLS, new String[] {"mode", "daemonset"}, "'/mode'"),
                Arguments.of("missing TLS secret name", "", new String[0], "/listener/tls/secretName"),
                Arguments.of("empty TLS secret name", "listener:\n  tls:\n    secretName: \"\"\n", new String[0], "/listener/tls/secretName"),
                Arguments.of("plain listener without acknowledgement", TLS, new String[] {"plainListener.enabled", "true"},
                        "/plainListener/acknowledgeInsecure"),
                Arguments.of("plain listener with a wrong acknowledgement", TLS,
                        new String[] {"plainListener.enabled", "true", "plainListener.acknowledgeInsecure", "yes"},
                        "/plainListener/acknowledgeInsecure"),
                Arguments.of("standalone without upstream host", TLS, new String[] {"mode", "standalone"}, "/upstream/host"),
                Arguments.of("listener port out of range", TLS, new String[] {"listener.port", "70000"}, "/listener/port"),
                Arguments.of("listener port zero", TLS, new String[] {"listener.port", "0"}, "/listener/port"),
                Arguments.of("admin port out of range", TLS, new String[] {"admin.port", "65536"}, "/admin/port"),
                Arguments.of("upstream port out of range", TLS + "mode: standalone\nupstream:\n  host: broker\n  port: -1\n",
                        new String[0], "/upstream/port"),
                Arguments.of("service port not a number", TLS, new String[] {"service.port", "mqtts"}, "/service/port"),
                Arguments.of("grace period not longer than the drain", TLS,
                        new String[] {"limits.drainSeconds", "30", "terminationGracePeriodSeconds", "30"},
                        "must be larger than limits.drainSeconds"),
                Arguments.of("drain beyond the proxy's maximum", TLS,
                        new String[] {"limits.drainSeconds", "601", "terminationGracePeriodSeconds", "900"}, "/limits/drainSeconds"),
                Arguments.of("cert-manager without issuer", TLS, new String[] {"certManager.enabled", "true"}, "/certManager/issuerRef/name"),
                Arguments.of("issuer keys in both a Secret and a ConfigMap", TLS + """
                        ace:
                          issuers:
                            - issuer: https://as
                              keys:
                                secretName: a
                                configMapName: b
                                key: jwks.json
                        """, new String[0], "/ace/issuers/0/keys"),
                Arguments.of("issuer keys without a source", TLS + """
                        ace:
                          issuers:
                            - issuer: https://as
                              keys:
                                key: jwks.json
                        """, new String[0], "/ace/issuers/0/keys"),
                Arguments.of("issuer without keys", TLS + "ace:\n  issuers:\n    - issuer: https://as\n", new String[0], "missing property 'keys'"),
                Arguments.of("unsupported reason code", TLS, new String[] {"ace.notAuthorizedReasonCode", "200"},
                        "/ace/notAuthorizedReasonCode"),
                Arguments.of("unsupported TLS protocol", TLS, new String[] {"listener.tls.protocols[0]", "TLSv1.1"}, "/listener/tls/protocols/0"),
                Arguments.of("unknown log format", TLS, new String[] {"logging.format", "xml"}, "/logging/format"),
                Arguments.of("misspelt top-level key", TLS, new String[] {"replicas", "3"}, "'replicas' not allowed"),
                Arguments.of("sidecar broker port clashes with the listener", TLS, new String[] {"broker.port", "8883"},
                        "taken by the sidecar broker"),
                Arguments.of("plain listener on the sidecar broker's port", TLS,
                        new String[] {"plainListener.enabled", "true", "plainListener.acknowledgeInsecure",
                                "plaintext-mqtt-is-unencrypted", "plainListener.port", "1883"}, "taken by the sidecar broker"),
                Arguments.of("extra broker listener", TLS, new String[] {"broker.extraConfig", "listener 1883 0.0.0.0"},
                        "must not declare listeners"),
                Arguments.of("admin and listener on one port", TLS, new String[] {"admin.port", "8883"}, "listener.port and admin.port must differ"),
                Arguments.of("PDB without a bound", TLS, new String[] {"podDisruptionBudget.maxUnavailable", "null"},
                        "/podDisruptionBudget"),
                Arguments.of("unknown service type", TLS, new String[] {"service.type", "ExternalName"}, "/service/type"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesBadValues(String name, String values, String[] sets, String fragment) {
        String message = refusal(values, sets);
        assertThat(message).as(name).containsIgnoringCase(fragment);
    }
}

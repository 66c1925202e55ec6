package org.acemqtt.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @BeforeEach
    void certificates() throws IOException {
        Files.createDirectories(dir.resolve("certs"));
        Files.writeString(dir.resolve("certs/server.crt"), "not parsed here");
        Files.writeString(dir.resolve("certs/server.key"), "not parsed here");
        Files.createDirectories(dir.resolve("keys"));
        Files.writeString(dir.resolve("keys/as.jwks.json"),
                "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"as-1\",\"k\":\"QDaX3oevZGEcHTKgXasP4fy3FahqtDXx7JkZLXlWk4g\"}]}");
    }

    private Path write(String json) throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, json);
        return file;
    }

    private static final String CONTRACT_EXAMPLE = """
            {
              "listeners": [ { "name": "mqtts", "host": "0.0.0.0", "port": 8883,
                "tls": { "certificate": "certs/server.crt", "privateKey": "certs/server.key",
                         "protocols": ["TLSv1.3", "TLSv1.2"], "psk": true, "rawPublicKeys": true } } ],
              "upstream": { "host": "127.0.0.1", "port": 1883, "username": null, "password": null },
              "ace": {
                "audience": ["mqtts://broker.example.com"],
                "issuers": [ { "issuer": "https://as.example.com", "keys": "keys/as.jwks.json" } ],
                "introspection": null, "authzInfoTopic": "authz-info", "anonymousScope": null, "clockSkewSeconds": 5,
                "asHint": { "AS": "https://as.example.com/token", "audience": "mqtts://broker.example.com" }
              },
              "admin": { "host": "0.0.0.0", "port": 9090 }
            }""";

    @Test
    void theContractExampleLoadsWithPathsResolvedAgainstTheConfigFolder() throws Exception {
        ProxyConfig config = ConfigLoader.load(write(CONTRACT_EXAMPLE));
        ListenerConfig listener = config.listeners().get(0);
        assertThat(listener.port()).isEqualTo(8883);
        assertThat(listener.tls().orElseThrow().certificate()).isEqualTo(dir.resolve("certs/server.crt").toAbsolutePath());
        assertThat(listener.tls().orElseThrow().psk()).isTrue();
        assertThat(config.upstream().username()).isEmpty();
        assertThat(config.ace().issuers()).hasSize(1);
        assertThat(config.ace().asHintJson().orElseThrow()).contains("\"AS\":\"https://as.example.com/token\"");
        assertThat(config.ace().anonymousScope()).isEmpty();
        assertThat(config.ace().notAuthorizedReasonCode()).isEqualTo(0x87);
        assertThat(config.limits().connectTimeout().toSeconds()).isEqualTo(5);
    }

    @Test
    void everyProblemIsReportedWithItsJsonPath() throws Exception {
        Path file = write("""
                { "listeners": [ { "port": 70000, "tls": { "certificate": "certs/missing.crt", "privateKey": "certs/server.key",
                                   "protocols": ["SSLv3"] } },
                                 { "port": 1884 } ],
                  "upstream": { "port": "1883" },
                  "ace": { "audience": [], "anonymousScope": [["a/#/b", ["pub"]]], "notAuthorizedReasonCode": 1 },
                  "bogus": 1 }""");
        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("listeners[0].port: must be between 0 and 65535"))
                        .anySatisfy(p -> assertThat(p).isEqualTo("listeners[0].tls.certificate: file not found: certs/missing.crt"))
                        .anySatisfy(p -> assertThat(p).startsWith("listeners[0].tls.protocols[0]: unsupported protocol SSLv3"))
                        .anySatisfy(p -> assertThat(p).startsWith("listeners[1].tls: is required"))
                        .anySatisfy(p -> assertThat(p).isEqualTo("upstream.port: must be an integer"))
                        .anySatisfy(p -> assertThat(p).startsWith("ace.anonymousScope: not a valid AIF-MQTT scope"))
                        .anySatisfy(p -> assertThat(p).startsWith("ace.notAuthorizedReasonCode: must be 135"))
                        .anySatisfy(p -> assertThat(p).startsWith("bogus: unknown key")));
    }

    @Test
    void anUnusableIssuerKeyFileIsReportedUnderItsPath() throws Exception {
        Files.writeString(dir.resolve("keys/as.jwks.json"), "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\"}]}");
        assertThatThrownBy(() -> ConfigLoader.load(write(CONTRACT_EXAMPLE))).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).allSatisfy(p -> assertThat(p).startsWith("ace.issuers[0].keys: ")).isNotEmpty());
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.json")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(dir.resolve("nope.json") + ": file not found"));
    }

    @Test
    void brokenJsonIsRefusedWithItsPosition() throws Exception {
        Path file = write("{ \"listeners\": [ }");
        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems().get(0)).contains("not valid JSON").contains("line 1"));
    }

    @Test
    void duplicateKeysAreRefusedRatherThanSilentlyOverwritten() throws Exception {
        Path file = write("{ \"admin\": {\"port\": 1}, \"admin\": {\"port\": 2} }");
        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems().get(0)).contains("Duplicate field 'admin'"));
    }

    @Test
    void aPlainListenerNeedsInsecureTrue() throws Exception {
        Path file = write(CONTRACT_EXAMPLE.replace("\"tls\": {", "\"insecure\": true, \"x\": {"));
        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOf(ConfigException.class);
        ProxyConfig config = ConfigLoader.load(write("""
                { "listeners": [ { "port": 1884, "insecure": true } ], "upstream": { "port": 1883 },
                  "ace": { "audience": "mqtt://a", "anonymousScope": "[[\\"public/#\\",[\\"pub\\",\\"sub\\"]]]" } }"""));
        assertThat(config.listeners().get(0).tls()).isEmpty();
        assertThat(config.ace().audience()).containsExactly("mqtt://a");
        assertThat(config.ace().anonymousScope()).isPresent();
    }

    @Test
    void theAsHintMustNameTheAuthorizationServer() throws Exception {
        Path file = write(CONTRACT_EXAMPLE.replace("\"AS\": \"https://as.example.com/token\",", ""));
        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).containsExactly("ace.asHint.AS: is required"));
    }

    private Path withIntrospection(String object) throws IOException {
        return write(CONTRACT_EXAMPLE.replace("\"introspection\": null", "\"introspection\": " + object));
    }

    @Test
    void introspectionNullOrAbsentMeansNoReferenceTokens() throws Exception {
        assertThat(ConfigLoader.load(write(CONTRACT_EXAMPLE)).ace().introspection()).isEmpty();
        assertThat(ConfigLoader.load(write(CONTRACT_EXAMPLE.replace("\"introspection\": null,", ""))).ace()
                .introspection()).isEmpty();
    }

    @Test
    void theContractIntrospectionObjectIsParsedWithTrustStoreResolvedAndDefaults() throws Exception {
        Files.writeString(dir.resolve("certs/as-ca.crt"), "not parsed here");
        ProxyConfig config = ConfigLoader.load(withIntrospection("""
                { "endpoint": "https://as.example.com/introspect", "clientId": "proxy-1", "clientSecret": "s3cret",
                  "cacheSeconds": 60, "trustStore": "certs/as-ca.crt" }"""));
        AceConfig.Introspection i = config.ace().introspection().orElseThrow();
        assertThat(i.endpoint()).isEqualTo(java.net.URI.create("https://as.example.com/introspect"));
        assertThat(i.clientId()).isEqualTo("proxy-1");
        assertThat(i.clientSecret()).isEqualTo("s3cret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(i.cacheSeconds()).isEqualTo(60);
        assertThat(i.trustStore()).contains(dir.resolve("certs/as-ca.crt").toAbsolutePath());
        assertThat(i.timeout()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(i.toString()).contains("proxy-1").doesNotContain("s3cret");

        AceConfig.Introspection minimal = ConfigLoader.load(withIntrospection("""
                { "endpoint": "https://as.example.com/introspect", "clientId": "p", "clientSecret": "x",
                  "timeoutSeconds": 2 }""")).ace().introspection().orElseThrow();
        assertThat(minimal.cacheSeconds()).isEqualTo(60);
        assertThat(minimal.trustStore()).isEmpty();
        assertThat(minimal.timeout()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(ConfigLoader.load(withIntrospection("""
                { "endpoint": "https://as/introspect", "clientId": "p", "clientSecret": "x", "cacheSeconds": 0 }"""))
                .ace().introspection().orElseThrow().cacheSeconds()).isZero();
    }

    @Test
    void plainHttpIsRefusedUnlessInsecureIsSet() throws Exception {
        Path refused = withIntrospection("""
                { "endpoint": "http://127.0.0.1:8080/introspect", "clientId": "p", "clientSecret": "x" }""");
        assertThatThrownBy(() -> ConfigLoader.load(refused)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).singleElement().satisfies(p ->
                        assertThat(p).startsWith("ace.introspection.endpoint: must be https").contains("insecure")));
        AceConfig.Introspection insecure = ConfigLoader.load(withIntrospection("""
                { "endpoint": "http://127.0.0.1:8080/introspect", "clientId": "p", "clientSecret": "x", "insecure": true }"""))
                .ace().introspection().orElseThrow();
        assertThat(insecure.endpoint().getScheme()).isEqualTo("http");
    }

    @Test
    void everyIntrospectionProblemIsReportedWithItsJsonPath() throws Exception {
        Path file = withIntrospection("""
                { "endpoint": "ftp://as/introspect", "clientSecret": "", "cacheSeconds": 86401,
                  "trustStore": "certs/missing-ca.crt", "timeoutSeconds": 0, "insecure": "yes", "clientKey": 1 }""");
        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).startsWith("ace.introspection.endpoint: must be an https URI, got scheme ftp"))
                        .anySatisfy(p -> assertThat(p).isEqualTo("ace.introspection.clientId: is required"))
                        .anySatisfy(p -> assertThat(p).isEqualTo("ace.introspection.clientSecret: must not be empty"))
                        .anySatisfy(p -> assertThat(p).isEqualTo("ace.introspection.cacheSeconds: must be between 0 and 86400, got 86401"))
                        .anySatisfy(p -> assertThat(p).isEqualTo("ace.introspection.trustStore: file not found: certs/missing-ca.crt"))
                        .anySatisfy(p -> assertThat(p).startsWith("ace.introspection.timeoutSeconds: must be between 1 and 120"))
                        .anySatisfy(p -> assertThat(p).isEqualTo("ace.introspection.insecure: must be true or false"))
                        .anySatisfy(p -> assertThat(p).startsWith("ace.introspection.clientKey: unknown key")));
        for (String bad : new String[] {"\"relative/introspect\"", "\"https://\"", "\"https://user:pw@as/introspect\"",
                "\"https://as/introspect#frag\"", "\"https://as/ intro\"", "42"}) {
            Path f = withIntrospection("{ \"endpoint\": " + bad + ", \"clientId\": \"p\", \"clientSecret\": \"x\" }");
            assertThatThrownBy(() -> ConfigLoader.load(f)).as(bad).isInstanceOfSatisfying(ConfigException.class,
                    e -> assertThat(e.problems()).singleElement().satisfies(p ->
                            assertThat(p).startsWith("ace.introspection.endpoint: ")));
        }
        Path negative = withIntrospection("""
                { "endpoint": "https://as/introspect", "clientId": "p", "clientSecret": "x", "cacheSeconds": -1 }""");
        assertThatThrownBy(() -> ConfigLoader.load(negative)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).containsExactly("ace.introspection.cacheSeconds: must be between 0 and 86400, got -1"));
        Path notObject = withIntrospection("\"https://as/introspect\"");
        assertThatThrownBy(() -> ConfigLoader.load(notObject)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).containsExactly("ace.introspection: must be an object"));
    }

    @Test
    void theUpstreamPasswordNeverAppearsInToString() throws Exception {
        ProxyConfig config = ConfigLoader.load(write(CONTRACT_EXAMPLE.replace("\"username\": null, \"password\": null",
                "\"username\": \"proxy\", \"password\": \"s3cret\"")));
        assertThat(config.upstream().toString()).contains("proxy").doesNotContain("s3cret");
    }

    private Path withRevocation(String object) throws IOException {
        return write(CONTRACT_EXAMPLE.replace("\"introspection\": null", "\"introspection\": null, \"revocation\": " + object));
    }

    @Test
    void revocationNullOrAbsentMeansNoTokenRevocationList() throws Exception {
        assertThat(ConfigLoader.load(write(CONTRACT_EXAMPLE)).ace().revocation()).isEmpty();
        assertThat(ConfigLoader.load(withRevocation("null")).ace().revocation()).isEmpty();
    }

    @Test
    void revocationIsReadWithDefaults() throws Exception {
        AceConfig.Revocation full = ConfigLoader.load(withRevocation("""
                { "endpoint": "https://as.example.com/trl", "pollSeconds": 10, "insecure": false }"""))
                .ace().revocation().orElseThrow();
        assertThat(full.endpoint()).isEqualTo(java.net.URI.create("https://as.example.com/trl"));
        assertThat(full.pollSeconds()).isEqualTo(10);
        assertThat(full.trustStore()).isEmpty();
        assertThat(ConfigLoader.load(withRevocation("{ \"endpoint\": \"https://as/trl\" }")).ace().revocation()
                .orElseThrow().pollSeconds()).isEqualTo(30);
    }

    @Test
    void revocationProblemsNameTheirPath() throws Exception {
        assertThatThrownBy(() -> ConfigLoader.load(withRevocation("{ \"endpoint\": \"http://127.0.0.1:1/trl\" }")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> assertThat(p).startsWith("ace.revocation.endpoint: must be https")));
        assertThatThrownBy(() -> ConfigLoader.load(withRevocation(
                "{ \"endpoint\": \"https://as/trl\", \"pollSeconds\": 0, \"bogus\": 1 }")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).startsWith("ace.revocation.pollSeconds"))
                        .anySatisfy(p -> assertThat(p).startsWith("ace.revocation").contains("bogus")));
        assertThatThrownBy(() -> ConfigLoader.load(withRevocation("{ \"pollSeconds\": 5 }")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly("ace.revocation.endpoint: is required"));
        assertThat(ConfigLoader.load(withRevocation("{ \"endpoint\": \"http://127.0.0.1:1/trl\", \"insecure\": true }"))
                .ace().revocation().orElseThrow().endpoint().getScheme()).isEqualTo("http");
    }
}

package org.acemqtt.proxy.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.acemqtt.proxy.config.ConfigLoader;
import org.acemqtt.proxy.config.ProxyConfig;
import org.acemqtt.proxy.metrics.ProxyMetrics;
import org.acemqtt.proxy.relay.ProxyServer;

/**
 * The proxy running in the test JVM (so Netty's PARANOID leak detection sees its buffers), started from a config.json
 * written into a temp folder exactly as an operator would write it: a TLS listener with the {@link TestPki} server
 * certificate, optionally a second insecure plain listener, the given Mosquitto as upstream, admin on port 0.
 */
public final class ProxyFixture implements AutoCloseable {
    /** The RFC 9431 example scope (SPEC 3.4 table). */
    public static final String RFC_EXAMPLE_SCOPE = "[[\"topic1\",[\"pub\",\"sub\"]],[\"topic2/#\",[\"pub\"]],[\"+/topic3\",[\"sub\"]]]";
    /** The audience every fixture proxy identifies with. */
    public static final String AUDIENCE = "mqtts://localhost";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ProxyServer server;
    private final TestPki pki;
    private final boolean plain;

    private ProxyFixture(ProxyServer server, TestPki pki, boolean plain) {
        this.server = server;
        this.pki = pki;
        this.plain = plain;
    }

    public static Builder builder(Path dir, int upstreamPort) {
        return new Builder(dir, upstreamPort);
    }

    public int tlsPort() {
        return server.listenerPort(0);
    }

    /** The insecure plain-TCP listener (only if {@link Builder#plainListener()} was asked for). */
    public int plainPort() {
        if (!plain) {
            throw new IllegalStateException("this fixture has no plain listener");
        }
        return server.listenerPort(1);
    }

    public int adminPort() {
        return server.adminPort();
    }

    public TestPki pki() {
        return pki;
    }

    public ProxyMetrics metrics() {
        return server.metrics();
    }

    /** GET on the admin server: status code and body. */
    public HttpResult admin(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort() + path))
                .timeout(Duration.ofSeconds(5)).GET().build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new HttpResult(response.statusCode(), response.body());
    }

    /**
     * The sum of every sample of {@code name} in the admin /metrics text whose labels include all of
     * {@code labels} (e.g. {@code packet="publish"}); 0 if there is none.
     */
    public double metric(String name, String... labels) throws IOException, InterruptedException {
        String text = admin("/metrics").body();
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})?\\s+(\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(text);
        double sum = 0;
        while (m.find()) {
            String labelText = m.group(1) == null ? "" : m.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= labelText.contains(label);
            }
            if (all) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(2));
    }

    public record HttpResult(int status, String body) {
    }

    /** Settings a test may change; everything else is a sane config for the tests. */
    public static final class Builder {
        private final Path dir;
        private final int upstreamPort;
        private String anonymousScope = RFC_EXAMPLE_SCOPE;
        private String asHint;
        private boolean plain;
        private final Map<String, Integer> limits = new LinkedHashMap<>();
        private String introspection;
        private int introspectionCacheSeconds = 60;
        private String revocation;
        private String clientIdPolicy = "passthrough";
        private String issuer;
        private String issuerJwks;

        private Builder(Path dir, int upstreamPort) {
            this.dir = dir;
            this.upstreamPort = upstreamPort;
        }

        /** The AIF-MQTT JSON array granted to tokenless clients; null for none. */
        public Builder anonymousScope(String json) {
            this.anonymousScope = json;
            return this;
        }

        /** The {@code ace.asHint} object (JSON text). */
        public Builder asHint(String json) {
            this.asHint = json;
            return this;
        }

        /** A trusted issuer (its {@code iss}) and its keys as JWK Set JSON text, written to keys/as.jwks.json. */
        public Builder issuer(String iss, String jwksJson) {
            this.issuer = iss;
            this.issuerJwks = jwksJson;
            return this;
        }

        /** Reference tokens are introspected at {@code endpoint}, trusting the PEM CA {@code trustStore}. */
        public Builder introspection(String endpoint, Path trustStore) {
            this.introspection = "{\"endpoint\": \"" + endpoint + "\", \"clientId\": \"" + TestAs.CLIENT_ID
                    + "\", \"clientSecret\": \"" + TestAs.CLIENT_SECRET.replace("\"", "\\\"") + "\", \"cacheSeconds\": "
                    + introspectionCacheSeconds + ", "
                    + "\"trustStore\": \"" + trustStore.toAbsolutePath() + "\"}";
            return this;
        }

        /** {@code ace.introspection.cacheSeconds} (default 60); call before {@link #introspection}. */
        public Builder introspectionCacheSeconds(int seconds) {
            this.introspectionCacheSeconds = seconds;
            return this;
        }

        /**
         * {@code ace.revocation}: the Token Revocation List at {@code endpoint}, polled every second; an {@code http://}
         * endpoint is allowed with {@code insecure: true} (tests only).
         */
        public Builder revocation(String endpoint) {
            this.revocation = "{\"endpoint\": \"" + endpoint + "\", \"pollSeconds\": 1"
                    + (endpoint.startsWith("http:") ? ", \"insecure\": true" : "") + "}";
            return this;
        }

        /** {@code upstream.clientIdPolicy}: "passthrough" or "bind-to-key". */
        public Builder clientIdPolicy(String policy) {
            this.clientIdPolicy = policy;
            return this;
        }

        /** Adds a second, insecure plain-TCP listener (listener index 1). */
        public Builder plainListener() {
            this.plain = true;
            return this;
        }

        /** A {@code limits} key such as {@code connectTimeoutSeconds} or {@code maxPacketSize}. */
        public Builder limit(String key, int value) {
            limits.put(key, value);
            return this;
        }

        public ProxyFixture start() throws Exception {
            Files.createDirectories(dir);
            TestPki pki = TestPki.create(dir.resolve("pki"));
            StringBuilder json = new StringBuilder();
            json.append("{\n  \"listeners\": [\n");
            json.append("    {\"name\": \"mqtts\", \"host\": \"127.0.0.1\", \"port\": 0, \"tls\": {")
                    .append("\"certificate\": \"pki/server.pem\", \"privateKey\": \"pki/server.key\"}}");
            if (plain) {
                json.append(",\n    {\"name\": \"plain\", \"host\": \"127.0.0.1\", \"port\": 0, \"insecure\": true}");
            }
            json.append("\n  ],\n");
            json.append("  \"upstream\": {\"host\": \"127.0.0.1\", \"port\": ").append(upstreamPort)
                    .append(", \"connectTimeoutSeconds\": 2, \"clientIdPolicy\": \"").append(clientIdPolicy).append("\"},\n");
            String issuers = "[]";
            if (issuer != null) {
                Files.createDirectories(dir.resolve("keys"));
                Files.writeString(dir.resolve("keys/as.jwks.json"), issuerJwks, StandardCharsets.UTF_8);
                issuers = "[{\"issuer\": \"" + issuer + "\", \"keys\": \"keys/as.jwks.json\"}]";
            }
            json.append("  \"ace\": {\"audience\": [\"" + AUDIENCE + "\"], \"issuers\": ").append(issuers)
                    .append(", \"anonymousScope\": ")
                    .append(anonymousScope == null ? "null" : anonymousScope)
                    .append(", \"asHint\": ").append(asHint == null ? "null" : asHint)
                    .append(", \"introspection\": ").append(introspection == null ? "null" : introspection)
                    .append(", \"revocation\": ").append(revocation == null ? "null" : revocation).append("},\n");
            json.append("  \"admin\": {\"host\": \"127.0.0.1\", \"port\": 0},\n");
            json.append("  \"limits\": {");
            String separator = "";
            for (Map.Entry<String, Integer> e : limits.entrySet()) {
                json.append(separator).append('"').append(e.getKey()).append("\": ").append(e.getValue());
                separator = ", ";
            }
            json.append("}\n}\n");
            Path config = dir.resolve("config.json");
            Files.writeString(config, json, StandardCharsets.UTF_8);
            ProxyConfig loaded = ConfigLoader.load(config);
            return new ProxyFixture(ProxyServer.start(loaded), pki, plain);
        }
    }
}

package org.acemqtt.proxy.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * ACE settings (RFC 9200, RFC 9431). {@code anonymousScope} is the AIF-MQTT JSON text granted to clients that
 * connect with no token at all (RFC 9431 {@code TLS:Anon,MQTT:None}, "public topics"); empty means such a client
 * may only publish to {@code authzInfoTopic}. {@code asHintJson} is the {@code ace_as_hint} User Property value
 * (RFC 9431 §2.4.1), already serialised. {@code introspection} is present when reference tokens are validated at
 * the AS (RFC 7662, RFC 9200 §5.9).
 */
public record AceConfig(
        List<String> audience,
        List<IssuerConfig> issuers,
        String authzInfoTopic,
        Optional<String> anonymousScope,
        int clockSkewSeconds,
        Optional<String> asHintJson,
        int notAuthorizedReasonCode,
        Optional<Introspection> introspection,
        Optional<Revocation> revocation) {

    public AceConfig {
        audience = List.copyOf(audience);
        issuers = List.copyOf(issuers);
        introspection = introspection == null ? Optional.empty() : introspection;
        revocation = revocation == null ? Optional.empty() : revocation;
    }

    /** Without a Token Revocation List (the form every caller before {@code ace.revocation} used). */
    public AceConfig(List<String> audience, List<IssuerConfig> issuers, String authzInfoTopic,
                     Optional<String> anonymousScope, int clockSkewSeconds, Optional<String> asHintJson,
                     int notAuthorizedReasonCode, Optional<Introspection> introspection) {
        this(audience, issuers, authzInfoTopic, anonymousScope, clockSkewSeconds, asHintJson, notAuthorizedReasonCode,
                introspection, Optional.empty());
    }

    /**
     * CONTRACT {@code ace.revocation}: the AS's Token Revocation List endpoint (draft-ietf-ace-revoked-token-notification,
     * polled with GET; https, http only with {@code insecure}, for tests), how often it is polled, and the PEM CA file
     * its certificate must chain to (empty: the JVM's default trust store).
     */
    public record Revocation(URI endpoint, int pollSeconds, Optional<Path> trustStore) {
    }

    /** One trusted Authorization Server: expected {@code iss} and the file with its keys. */
    public record IssuerConfig(String issuer, Path keys) {
    }

    /**
     * CONTRACT {@code ace.introspection}: the AS introspection endpoint (https; http only with {@code insecure},
     * for tests), this proxy's client credentials there (RFC 7662 §2.1, HTTP Basic), how long an active answer
     * may be cached (capped by the token's {@code exp}), the PEM CA file the endpoint's certificate must chain to
     * (empty: the JVM's default trust store) and the timeout of one introspection exchange.
     */
    public record Introspection(URI endpoint, String clientId, byte[] clientSecret, int cacheSeconds,
                                Optional<Path> trustStore, Duration timeout) {
        public Introspection {
            clientSecret = clientSecret.clone();
        }

        @Override
        public byte[] clientSecret() {
            return clientSecret.clone();
        }

        @Override
        public String toString() {
            return "Introspection[endpoint " + endpoint + ", clientId " + clientId + ", clientSecret ***, cacheSeconds "
                    + cacheSeconds + ", trustStore " + trustStore.map(Path::toString).orElse("(JVM default)")
                    + ", timeout " + timeout + "]";
        }
    }
}

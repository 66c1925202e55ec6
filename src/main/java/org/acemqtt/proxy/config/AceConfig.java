package org.acemqtt.proxy.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * ACE settings (RFC 9200, RFC 9431). {@code anonymousScope} is the AIF-MQTT JSON text granted to clients that
 * connect with no token at all (RFC 9431 {@code TLS:Anon,MQTT:None}, "public topics"); empty means such a client
 * may only publish to {@code authzInfoTopic}. {@code asHintJson} is the {@code ace_as_hint} User Property value
 * (RFC 9431 §2.4.1), already serialised.
 */
public record AceConfig(
        List<String> audience,
        List<IssuerConfig> issuers,
        String authzInfoTopic,
        Optional<String> anonymousScope,
        int clockSkewSeconds,
        Optional<String> asHintJson,
        int notAuthorizedReasonCode) {

    public AceConfig {
        audience = List.copyOf(audience);
        issuers = List.copyOf(issuers);
    }

    /** One trusted Authorization Server: expected {@code iss} and the file with its keys. */
    public record IssuerConfig(String issuer, Path keys) {
    }
}

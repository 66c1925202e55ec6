package org.acemqtt.proxy.relay;

import java.util.Objects;
import org.acemqtt.proxy.scope.AifScope;

/**
 * What a connection may do: an AIF-MQTT scope (RFC 9431 §2.3) and where it came from. The relay enforces a grant
 * without caring about its source; later sources add an expiry and the token behind it.
 *
 * @param scope   the topic permissions, parsed once per grant
 * @param source  how it was obtained (metric/log tag: "anonymous", "exporter", "challenge", ...)
 * @param subject the token's {@code sub} claim, or empty; appears in logs, never a token or key
 */
public record Grant(AifScope scope, String source, String subject) {

    public Grant {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(subject, "subject");
    }

    /** RFC 9431 §2.2.1 {@code TLS:Anon,MQTT:None}: public topics only. */
    public static Grant anonymous(AifScope scope) {
        return new Grant(scope, "anonymous", "");
    }
}

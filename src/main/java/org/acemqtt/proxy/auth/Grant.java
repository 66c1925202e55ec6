package org.acemqtt.proxy.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.acemqtt.proxy.scope.AifScope;
import org.acemqtt.proxy.token.AccessToken;

/**
 * What a connection may do: an AIF-MQTT scope (RFC 9431 §2.3), until when, and where it came from. The relay enforces
 * a grant without caring about its source. Immutable: re-authentication replaces the whole grant at once (§4).
 *
 * @param scope          the topic permissions, parsed once per grant
 * @param method         how it was obtained (metric/log tag: "anonymous", "exporter", "challenge", "psk", ...)
 * @param subject        the token's {@code sub} claim, or empty; appears in logs, never a token or key
 * @param expiresAt      when the grant ends (the token's {@code exp}/{@code exi}); empty for anonymous grants
 * @param token          the verified token behind the grant, or null for anonymous grants
 * @param reauthenticable whether AUTH 0x19 is allowed: the client used Authentication Method "ace" and proved
 *                       possession on this connection (RFC 9431 §4, [MQTT-4.12.0-7])
 */
public record Grant(AifScope scope, String method, String subject, Optional<Instant> expiresAt, AccessToken token,
                    boolean reauthenticable) {

    public Grant {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** RFC 9431 §2.2.1 {@code TLS:Anon,MQTT:None}: public topics only (and {@code authz-info}). */
    public static Grant anonymous(AifScope scope) {
        return new Grant(scope, "anonymous", "", Optional.empty(), null, false);
    }

    /** A grant backed by a token whose possession the client proved with {@code method}. */
    public static Grant fromToken(AccessToken token, String method, boolean reauthenticable) {
        return new Grant(TokenAuthority.scopeOf(token), method, token.subject().orElse(""), token.effectiveExpiry(),
                token, reauthenticable);
    }

    public boolean isExpired(Instant now) {
        return expiresAt.isPresent() && !now.isBefore(expiresAt.get());
    }

    /**
     * What identifies the holder across connections: the PoP key (SPKI hash of a public key, hash of a symmetric key,
     * or its kid), or the token subject for keys of neither kind; {@code "anonymous"} for anonymous grants.
     */
    public byte[] holderIdentity() {
        if (token == null || token.popKey() == null) {
            return "anonymous".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        org.acemqtt.proxy.token.PopKey key = token.popKey();
        if (key.publicKeySha256() != null) {
            return key.publicKeySha256();
        }
        if (key instanceof org.acemqtt.proxy.token.PopKey.Symmetric symmetric) {
            return symmetric.keySha256();
        }
        return key.kid() != null ? key.kid() : subject.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Kept for the relay's logs: "anonymous" etc. */
    public String source() {
        return method;
    }
}

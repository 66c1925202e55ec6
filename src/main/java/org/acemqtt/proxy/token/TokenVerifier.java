package org.acemqtt.proxy.token;

import java.time.Clock;
import java.util.Objects;
import org.acemqtt.proxy.token.cbor.CborException;
import org.acemqtt.proxy.token.cbor.CborItem;
import org.acemqtt.proxy.token.cbor.CborReader;
import org.acemqtt.proxy.token.cwt.ClaimsChecker;
import org.acemqtt.proxy.token.cwt.CwtUnwrapper;
import org.acemqtt.proxy.token.keys.KeyRing;

/**
 * Verifies self-contained CWT access tokens (RFC 8392 in COSE, RFC 9052/9053) as RFC 9431 §2.2.5 and RFC 9200
 * §5.10.1.1 require: size limit, strict CBOR, the COSE protection with a trusted issuer's key first, then the claims
 * in the RFC's order. Never throws for bad input: every refusal is a {@link VerificationResult} with its
 * {@link TokenDenyReason}. Thread-safe; no I/O, so it may run on an event loop.
 */
public final class TokenVerifier {
    private final TokenVerifierConfig config;
    private final KeyRing keys;
    private final ScopeParser scopeParser;
    private final Clock clock;

    public TokenVerifier(TokenVerifierConfig config, KeyRing keys, ScopeParser scopeParser, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.scopeParser = Objects.requireNonNull(scopeParser, "scopeParser");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public VerificationResult verify(byte[] token) {
        if (token == null || token.length > config.maxTokenBytes()) {
            return VerificationResult.failure(TokenDenyReason.TOO_LARGE,
                    (token == null ? 0 : token.length) + " bytes, limit " + config.maxTokenBytes());
        }
        CborItem root;
        try {
            root = CborReader.decode(token, 0, token.length, CborReader.DEFAULT_MAX_DEPTH, config.maxTokenBytes());
        } catch (CborException e) {
            return VerificationResult.failure(TokenDenyReason.MALFORMED_CBOR, e.getMessage());
        }
        try {
            CwtUnwrapper.Unwrapped unwrapped = CwtUnwrapper.unwrap(root, keys.current());
            AccessToken t = ClaimsChecker.check(unwrapped, Sha256.of(token), config, scopeParser, clock.instant());
            return VerificationResult.success(t);
        } catch (TokenRefusedException e) {
            return VerificationResult.failure(e.reason(), e.getMessage());
        }
    }

    public TokenVerifierConfig config() {
        return config;
    }
}

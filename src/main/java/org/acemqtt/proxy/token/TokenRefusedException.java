package org.acemqtt.proxy.token;

/**
 * Internal control flow of the verifier: a refusal with its reason and a detail safe to log (never key bytes or
 * the token). No stack trace: refusals are expected outcomes. {@link TokenVerifier} turns it into a
 * {@link VerificationResult}; it never escapes the public API.
 */
public final class TokenRefusedException extends Exception {
    private final TokenDenyReason reason;

    public TokenRefusedException(TokenDenyReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public TokenDenyReason reason() {
        return reason;
    }
}

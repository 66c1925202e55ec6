package org.acemqtt.proxy.token;

import java.util.Objects;

/** The outcome of {@link TokenVerifier#verify}: a verified {@link AccessToken} or a {@link TokenDenyReason}. */
public final class VerificationResult {
    private final AccessToken token;
    private final TokenDenyReason reason;
    private final String detail;

    private VerificationResult(AccessToken token, TokenDenyReason reason, String detail) {
        this.token = token;
        this.reason = reason;
        this.detail = detail;
    }

    public static VerificationResult success(AccessToken token) {
        return new VerificationResult(Objects.requireNonNull(token), null, null);
    }

    /** @param detail safe to log: never key bytes, never the token */
    public static VerificationResult failure(TokenDenyReason reason, String detail) {
        return new VerificationResult(null, Objects.requireNonNull(reason), detail);
    }

    public boolean isSuccess() {
        return token != null;
    }

    public AccessToken token() {
        if (token == null) {
            throw new IllegalStateException("refused: " + reason);
        }
        return token;
    }

    /** The refusal reason; {@code null} on success. */
    public TokenDenyReason reason() {
        return reason;
    }

    public String detail() {
        return detail;
    }

    @Override
    public String toString() {
        return token != null ? "success(" + token + ")" : "failure(" + reason.metricTag() + ": " + detail + ")";
    }
}

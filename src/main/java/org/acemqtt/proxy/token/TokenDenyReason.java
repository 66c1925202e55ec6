package org.acemqtt.proxy.token;

import java.util.Locale;

/**
 * Why a token was refused: one constant per failure, in the order of RFC 9200 §5.10.1.1 where that order applies.
 * Every constant has a metric tag (snake_case, bounded cardinality) and an operator-facing log message. RFC 9431
 * reports all of them to the client as MQTT reason code 0x87 (or 0x80 where configured); {@link #aceStatus()} keeps
 * the RFC 9200 class (4.00 / 4.01 / 4.03) for logs and for the {@code authz-info} topic.
 */
public enum TokenDenyReason {
    TOO_LARGE(Status.BAD_REQUEST, "token larger than the configured limit"),
    MALFORMED_CBOR(Status.BAD_REQUEST, "token is not well-formed strict CBOR"),
    UNSUPPORTED_COSE_STRUCTURE(Status.UNAUTHORIZED, "not a tagged COSE_Sign1, COSE_Mac0 or COSE_Encrypt0"),
    MALFORMED_COSE(Status.UNAUTHORIZED, "COSE structure or header malformed"),
    NESTING_TOO_DEEP(Status.UNAUTHORIZED, "too many nested COSE layers"),
    ALG_MISSING_OR_NONE(Status.UNAUTHORIZED, "no integrity-protected alg header, or alg none"),
    UNSUPPORTED_ALG(Status.UNAUTHORIZED, "alg unknown or not usable in this COSE structure"),
    UNKNOWN_CRITICAL_HEADER(Status.UNAUTHORIZED, "crit header lists a parameter this proxy does not understand"),
    UNKNOWN_KID(Status.UNAUTHORIZED, "no trusted issuer key for this kid"),
    KEY_ALG_MISMATCH(Status.UNAUTHORIZED, "issuer key type or alg does not fit the header alg"),
    BAD_SIGNATURE(Status.UNAUTHORIZED, "signature does not verify"),
    BAD_MAC(Status.UNAUTHORIZED, "MAC tag does not verify"),
    DECRYPTION_FAILED(Status.UNAUTHORIZED, "decryption or authentication tag check failed"),
    MALFORMED_CLAIMS(Status.BAD_REQUEST, "claims set missing or a claim has the wrong type"),
    ISSUER_MISMATCH(Status.UNAUTHORIZED, "iss does not name the issuer whose key protected the token"),
    EXPIRED(Status.UNAUTHORIZED, "token expired"),
    NOT_YET_VALID(Status.UNAUTHORIZED, "token not yet valid (nbf)"),
    MISSING_EXPIRY(Status.UNAUTHORIZED, "token has neither exp nor exi and expiry is required"),
    MISSING_AUDIENCE(Status.FORBIDDEN, "token has no aud claim"),
    AUDIENCE_MISMATCH(Status.FORBIDDEN, "aud does not name this proxy"),
    MISSING_SCOPE(Status.BAD_REQUEST, "token has no scope claim"),
    MALFORMED_SCOPE(Status.BAD_REQUEST, "scope is not a valid AIF-MQTT scope"),
    PROFILE_MISMATCH(Status.BAD_REQUEST, "ace_profile names another profile"),
    MISSING_CNONCE(Status.UNAUTHORIZED, "token lacks the cnonce this proxy issued"),
    CNONCE_MISMATCH(Status.UNAUTHORIZED, "cnonce unknown or no longer fresh"),
    MISSING_CNF(Status.BAD_REQUEST, "token has no cnf (proof-of-possession key)"),
    MALFORMED_CNF(Status.BAD_REQUEST, "cnf claim malformed"),
    UNSUPPORTED_POP_KEY(Status.BAD_REQUEST, "cnf key type or curve not supported"),
    UNENCRYPTED_SYMMETRIC_POP_KEY(Status.UNAUTHORIZED, "symmetric PoP key sent in the clear (RFC 9431 §2.1)"),
    /** Reference token: the AS answered {@code active: false} (RFC 7662 §2.2). */
    INACTIVE(Status.UNAUTHORIZED, "introspection: the AS says the token is not active"),
    /**
     * Reference token: the introspection endpoint could not be reached, timed out, refused this proxy's
     * credentials or gave an unusable answer. RFC 9200 §6.10: the token is refused, never granted.
     */
    INTROSPECTION_UNAVAILABLE(Status.UNAUTHORIZED, "introspection endpoint unreachable or its answer unusable"),
    /** The token's hash is listed in the AS's Token Revocation List (draft-ietf-ace-revoked-token-notification). */
    REVOKED(Status.UNAUTHORIZED, "token listed in the Token Revocation List");

    /** The RFC 9200 response class the failure belongs to. */
    public enum Status {
        BAD_REQUEST("4.00"), UNAUTHORIZED("4.01"), FORBIDDEN("4.03");

        private final String code;

        Status(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Status status;
    private final String logMessage;
    private final String metricTag;

    TokenDenyReason(Status status, String logMessage) {
        this.status = status;
        this.logMessage = logMessage;
        this.metricTag = name().toLowerCase(Locale.ROOT);
    }

    public String metricTag() {
        return metricTag;
    }

    public String logMessage() {
        return logMessage;
    }

    public Status aceStatus() {
        return status;
    }
}

package org.acemqtt.proxy.pop;

import java.util.Arrays;

/**
 * The Authentication Data of an MQTT v5 CONNECT with method "ace" (RFC 9431 §2.2.4.2, Figures 4 and 5):
 * {@code TokenLen(2) | Token | [MAC-or-Signature]}. The two PoP options are told apart only by length (SPEC R-40):
 * nothing after the token means challenge/response, anything after it is the proof over the TLS exporter.
 */
public record AuthenticationData(Kind kind, byte[] token, byte[] proof) {

    public enum Kind {
        /** Absent or empty: a stored token may apply (RFC 9431 §2.2.4.2.2), else CONNACK 0x87. */
        NO_TOKEN,
        /** Token only (Figure 5): the broker challenges with AUTH 0x18. */
        TOKEN_ONLY,
        /** Token and a MAC/signature over the exporter (Figure 4). */
        TOKEN_AND_PROOF,
        /** Shorter than its own length field says: CONNACK 0x87 (§2.4.1: malformed Authentication Data). */
        MALFORMED
    }

    private static final AuthenticationData NONE = new AuthenticationData(Kind.NO_TOKEN, null, null);
    private static final AuthenticationData BAD = new AuthenticationData(Kind.MALFORMED, null, null);

    public static AuthenticationData parse(byte[] data) {
        if (data == null || data.length == 0) {
            return NONE;
        }
        if (data.length < 2) {
            return BAD;
        }
        int tokenLength = ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
        if (tokenLength == 0 || tokenLength > data.length - 2) {
            return BAD;
        }
        byte[] token = Arrays.copyOfRange(data, 2, 2 + tokenLength);
        if (data.length == 2 + tokenLength) {
            return new AuthenticationData(Kind.TOKEN_ONLY, token, null);
        }
        return new AuthenticationData(Kind.TOKEN_AND_PROOF, token, Arrays.copyOfRange(data, 2 + tokenLength, data.length));
    }

    /**
     * The client's AUTH 0x18 answer to a challenge (Figure 7): {@code ClientNonce(8) | MAC-or-Signature}; returns
     * {@code [clientNonce, proof]}, or null if it is too short to hold both.
     */
    public static byte[][] parseChallengeResponse(byte[] data) {
        if (data == null || data.length <= Challenge.NONCE_LENGTH) {
            return null;
        }
        return new byte[][] {Arrays.copyOfRange(data, 0, Challenge.NONCE_LENGTH),
            Arrays.copyOfRange(data, Challenge.NONCE_LENGTH, data.length)};
    }

    @Override
    public String toString() {
        // Never print a token or a proof.
        return "AuthenticationData[" + kind + (token == null ? "" : ", token " + token.length + " bytes") + "]";
    }
}

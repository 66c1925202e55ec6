package org.acemqtt.proxy.pop;

import java.security.SecureRandom;

/**
 * The broker's side of challenge/response PoP (RFC 9431 §2.2.4.2.2): an 8-byte nonce from a CSPRNG, one per
 * challenge and bound to its connection; the client signs {@code RS-Nonce || Client-Nonce} (16 octets).
 */
public final class Challenge {
    public static final int NONCE_LENGTH = 8;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final byte[] serverNonce;

    private Challenge(byte[] serverNonce) {
        this.serverNonce = serverNonce;
    }

    public static Challenge create() {
        byte[] nonce = new byte[NONCE_LENGTH];
        RANDOM.nextBytes(nonce);
        return new Challenge(nonce);
    }

    /** The Authentication Data of the broker's AUTH 0x18 (Figure 6). */
    public byte[] serverNonce() {
        return serverNonce.clone();
    }

    /** What the client's MAC/signature covers: RS nonce followed by the client's nonce. */
    public byte[] signedInput(byte[] clientNonce) {
        byte[] input = new byte[NONCE_LENGTH * 2];
        System.arraycopy(serverNonce, 0, input, 0, NONCE_LENGTH);
        System.arraycopy(clientNonce, 0, input, NONCE_LENGTH, NONCE_LENGTH);
        return input;
    }
}

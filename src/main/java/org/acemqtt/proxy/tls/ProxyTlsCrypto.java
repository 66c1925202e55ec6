package org.acemqtt.proxy.tls;

import java.io.IOException;
import java.security.SecureRandom;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.TlsNonceGenerator;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipher;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * BouncyCastle's lightweight crypto (EC maths for the handshake, and it accepts RFC 7250 raw public keys, which
 * {@code JcaTlsCrypto} rejects) with AES-GCM record protection moved to the JDK cipher (PERF.md). Thread-safe: one
 * instance per listener settings.
 */
final class ProxyTlsCrypto extends BcTlsCrypto {

    ProxyTlsCrypto(SecureRandom random) {
        super(random);
    }

    /**
     * Nonces (the server random, RFC 8446 §4.1.3) straight from the listener's SecureRandom, as JSSE does, instead of
     * BC's per-connection digest generator: that one is seeded per connection and then kept for the connection's
     * life (~600 B and a SHA-256 state on every idle connection) although a TLS 1.3 or 1.2 AEAD server draws its
     * nonces during the handshake only. SecureRandom is thread-safe.
     */
    @Override
    public TlsNonceGenerator createNonceGenerator(byte[] additionalSeedMaterial) {
        SecureRandom random = getSecureRandom();
        return size -> {
            byte[] nonce = new byte[size];
            random.nextBytes(nonce);
            return nonce;
        };
    }

    @Override
    protected TlsAEADCipher createCipher_AES_GCM(TlsCryptoParameters cryptoParams, int cipherKeySize, int macSize)
            throws IOException {
        return new TlsAEADCipher(cryptoParams, new JcaAesGcmCipher(true), new JcaAesGcmCipher(false), cipherKeySize,
                macSize, TlsAEADCipher.AEAD_GCM, null);
    }
}

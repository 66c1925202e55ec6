package org.acemqtt.proxy.tls;

import java.io.IOException;
import java.security.SecureRandom;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
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

    @Override
    protected TlsAEADCipher createCipher_AES_GCM(TlsCryptoParameters cryptoParams, int cipherKeySize, int macSize)
            throws IOException {
        return new TlsAEADCipher(cryptoParams, new JcaAesGcmCipher(true), new JcaAesGcmCipher(false), cipherKeySize,
                macSize, TlsAEADCipher.AEAD_GCM, null);
    }
}

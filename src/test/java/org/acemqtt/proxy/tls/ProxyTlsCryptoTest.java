package org.acemqtt.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.bouncycastle.tls.crypto.TlsNonceGenerator;
import org.junit.jupiter.api.Test;

/** Server randoms (RFC 8446 §4.1.3) come straight from the SecureRandom: right size, never repeated, per call. */
class ProxyTlsCryptoTest {
    @Test
    void noncesHaveTheRequestedSizeAndDoNotRepeatAcrossGenerators() {
        ProxyTlsCrypto crypto = new ProxyTlsCrypto(new SecureRandom());
        Set<String> seen = new HashSet<>();
        for (int g = 0; g < 50; g++) {
            TlsNonceGenerator generator = crypto.createNonceGenerator(new byte[] {(byte) g});
            for (int i = 0; i < 20; i++) {
                byte[] nonce = generator.generateNonce(32);
                assertThat(nonce).hasSize(32);
                assertThat(seen.add(HexFormat.of().formatHex(nonce))).as("nonce repeated").isTrue();
            }
        }
        assertThat(crypto.createNonceGenerator(new byte[0]).generateNonce(12)).hasSize(12);
    }
}

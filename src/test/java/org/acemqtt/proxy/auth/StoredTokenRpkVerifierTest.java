package org.acemqtt.proxy.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import org.acemqtt.proxy.token.PopKey;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

/** RFC 7250 raw public keys are found by the SHA-256 of their SubjectPublicKeyInfo: the two encodings must agree. */
class StoredTokenRpkVerifierTest {
    @Test
    void anEcKeysSubjectPublicKeyInfoHashesLikeItsCoseKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        ECPublicKey key = (ECPublicKey) generator.generateKeyPair().getPublic();
        byte[] x = BigIntegers.asUnsignedByteArray(32, key.getW().getAffineX());
        byte[] y = BigIntegers.asUnsignedByteArray(32, key.getW().getAffineY());
        byte[] spkiHash = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
        assertThat(new PopKey.EcP256(x, y, null, null).publicKeySha256()).isEqualTo(spkiHash);
        assertThat(Arrays.equals(new PopKey.EcP256(y, x, null, null).publicKeySha256(), spkiHash)).isFalse();
    }
}

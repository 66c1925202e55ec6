package org.acemqtt.proxy.pop;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

/** SPEC 6.5 (c) and (f): the synthetic RFC 9431 challenge/response vectors. */
class ProofAlgorithmTest {
    private static final HexFormat HEX = HexFormat.of();
    /** RS nonce a1b2c3d4e5f60718 || client nonce 0f1e2d3c4b5a6978. */
    private static final byte[] SIGNED = HEX.parseHex("a1b2c3d4e5f607180f1e2d3c4b5a6978");
    private static final byte[] A22_KEY = HEX.parseHex("403697de87af64611c1d32a05dab0fe1fcb715a86ab435f1ec99192d79569388");
    private static final byte[] A22_MAC = HEX.parseHex("69693559a83329dba59e0df31073760d7e3ef46dfc4adb2c4639191f1f0fd442");
    private static final byte[] KEY1_PUBLIC = HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    private static final byte[] KEY1_SIGNATURE = HEX.parseHex("f894c797e4e0693356401411c954014abe774424eb8aea66b30afea452a18a21"
            + "eeb043b6c4693aee7309450756bbeed0e04de95be86cac2334aecb1b4ec09104");
    private static final byte[] KEY2_PUBLIC = HEX.parseHex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
    private static final byte[] KEY2_SIGNATURE = HEX.parseHex("c08f5570daa8b347388b5666cf297b12da6b39d56aa463150ff69692c18152b9"
            + "6c9c0bc534ea1e4ba861f90fade5734628e160894f40a44763302c3ba32d730b");

    private static byte[] flip(byte[] bytes, int bit) {
        byte[] copy = bytes.clone();
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }

    @Test
    void hs256VectorVerifies() {
        assertThat(ProofAlgorithm.verifyHs256(A22_KEY, SIGNED, A22_MAC)).isTrue();
    }

    @Test
    void hs256RefusesEveryFlippedBitOfMacAndMessage() {
        for (int bit = 0; bit < A22_MAC.length * 8; bit++) {
            assertThat(ProofAlgorithm.verifyHs256(A22_KEY, SIGNED, flip(A22_MAC, bit))).isFalse();
        }
        for (int bit = 0; bit < SIGNED.length * 8; bit++) {
            assertThat(ProofAlgorithm.verifyHs256(A22_KEY, flip(SIGNED, bit), A22_MAC)).isFalse();
        }
    }

    @Test
    void hs256RefusesTruncatedTagsAndEmptyKeys() {
        assertThat(ProofAlgorithm.verifyHs256(A22_KEY, SIGNED, java.util.Arrays.copyOf(A22_MAC, 8))).isFalse();
        assertThat(ProofAlgorithm.verifyHs256(new byte[0], SIGNED, A22_MAC)).isFalse();
        assertThat(ProofAlgorithm.verifyHs256(A22_KEY, SIGNED, null)).isFalse();
    }

    @Test
    void ed25519VectorsOfBothTestKeysVerify() {
        assertThat(ProofAlgorithm.verifyEd25519(KEY1_PUBLIC, SIGNED, KEY1_SIGNATURE)).isTrue();
        assertThat(ProofAlgorithm.verifyEd25519(KEY2_PUBLIC, SIGNED, KEY2_SIGNATURE)).isTrue();
    }

    @Test
    void ed25519RefusesTheOtherKeysSignatureAndFlippedBits() {
        assertThat(ProofAlgorithm.verifyEd25519(KEY2_PUBLIC, SIGNED, KEY1_SIGNATURE)).isFalse();
        for (int bit = 0; bit < 512; bit += 7) {
            assertThat(ProofAlgorithm.verifyEd25519(KEY1_PUBLIC, SIGNED, flip(KEY1_SIGNATURE, bit))).isFalse();
        }
        assertThat(ProofAlgorithm.verifyEd25519(java.util.Arrays.copyOf(KEY1_PUBLIC, 31), SIGNED, KEY1_SIGNATURE)).isFalse();
    }

    @Test
    void es256RawSignaturesVerifyAndTamperingFails() {
        X9ECParameters p256 = CustomNamedCurves.getByName("secp256r1");
        ECDomainParameters domain = new ECDomainParameters(p256.getCurve(), p256.getG(), p256.getN(), p256.getH());
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(domain, new SecureRandom()));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        ECDSASigner signer = new ECDSASigner();
        signer.init(true, (ECPrivateKeyParameters) pair.getPrivate());
        SHA256Digest digest = new SHA256Digest();
        digest.update(SIGNED, 0, SIGNED.length);
        byte[] hash = new byte[32];
        digest.doFinal(hash, 0);
        BigInteger[] rs = signer.generateSignature(hash);
        byte[] signature = new byte[64];
        BigIntegers.asUnsignedByteArray(rs[0], signature, 0, 32);
        BigIntegers.asUnsignedByteArray(rs[1], signature, 32, 32);
        var q = ((ECPublicKeyParameters) pair.getPublic()).getQ().normalize();
        byte[] x = q.getAffineXCoord().getEncoded();
        byte[] y = q.getAffineYCoord().getEncoded();
        assertThat(ProofAlgorithm.verifyEs256(x, y, SIGNED, signature)).isTrue();
        assertThat(ProofAlgorithm.verifyEs256(x, y, SIGNED, flip(signature, 3))).isFalse();
        assertThat(ProofAlgorithm.verifyEs256(x, y, flip(SIGNED, 100), signature)).isFalse();
        assertThat(ProofAlgorithm.verifyEs256(x, flip(y, 0), SIGNED, signature)).isFalse(); // not on the curve
    }
}

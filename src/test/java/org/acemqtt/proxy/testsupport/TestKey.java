package org.acemqtt.proxy.testsupport;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.acemqtt.proxy.token.cose.CoseAlgorithm;
import org.acemqtt.proxy.token.keys.IssuerKey;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/** A generated AS key for {@link TestTokens}: the private half signs, {@link #issuerKey()} verifies. */
public final class TestKey {
    static final SecureRandom RANDOM = new SecureRandom();

    final CoseAlgorithm alg;
    final byte[] kid;
    final AsymmetricKeyParameter privateKey;
    final byte[] secret;
    private final IssuerKey issuerKey;

    private TestKey(CoseAlgorithm alg, byte[] kid, AsymmetricKeyParameter privateKey, byte[] secret, IssuerKey pub) {
        this.alg = alg;
        this.kid = kid;
        this.privateKey = privateKey;
        this.secret = secret;
        this.issuerKey = pub;
    }

    public static TestKey ecdsa(CoseAlgorithm alg, String kid) {
        int crv = switch (alg) {
            case ES256 -> IssuerKey.P_256;
            case ES384 -> IssuerKey.P_384;
            case ES512 -> IssuerKey.P_521;
            default -> throw new IllegalArgumentException(alg.toString());
        };
        String name = crv == IssuerKey.P_256 ? "secp256r1" : crv == IssuerKey.P_384 ? "secp384r1" : "secp521r1";
        X9ECParameters p = CustomNamedCurves.getByName(name);
        ECKeyPairGenerator gen = new ECKeyPairGenerator();
        gen.init(new ECKeyGenerationParameters(new ECDomainParameters(p), RANDOM));
        AsymmetricCipherKeyPair pair = gen.generateKeyPair();
        var q = ((ECPublicKeyParameters) pair.getPublic()).getQ().normalize();
        int size = (p.getCurve().getFieldSize() + 7) / 8;
        IssuerKey pub = IssuerKey.ec2(bytes(kid), null, crv, fixed(q.getAffineXCoord().toBigInteger(), size),
                fixed(q.getAffineYCoord().toBigInteger(), size));
        return new TestKey(alg, bytes(kid), pair.getPrivate(), null, pub);
    }

    public static TestKey ed25519(String kid) {
        Ed25519KeyPairGenerator gen = new Ed25519KeyPairGenerator();
        gen.init(new Ed25519KeyGenerationParameters(RANDOM));
        AsymmetricCipherKeyPair pair = gen.generateKeyPair();
        byte[] x = ((Ed25519PublicKeyParameters) pair.getPublic()).getEncoded();
        return new TestKey(CoseAlgorithm.EDDSA, bytes(kid), pair.getPrivate(), null,
                IssuerKey.ed25519(bytes(kid), null, x));
    }

    /** The Ed25519 key from a 32-byte seed (e.g. RFC 8032 test key 1). */
    public static TestKey ed25519Seed(String kid, byte[] seed) {
        Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(seed, 0);
        return new TestKey(CoseAlgorithm.EDDSA, bytes(kid), priv, null,
                IssuerKey.ed25519(bytes(kid), null, priv.generatePublicKey().getEncoded()));
    }

    /** A random symmetric key for a MAC or AEAD alg, sized for it (32 bytes for HMAC 256, etc.). */
    public static TestKey symmetric(CoseAlgorithm alg, String kid) {
        int len = switch (alg) {
            case HMAC_256_64, HMAC_256_256 -> 32;
            case HMAC_384_384 -> 48;
            case HMAC_512_512 -> 64;
            case A128GCM, AES_CCM_16_64_128, AES_CCM_64_64_128, AES_CCM_16_128_128, AES_CCM_64_128_128 -> 16;
            case A192GCM -> 24;
            default -> 32;
        };
        byte[] k = new byte[len];
        RANDOM.nextBytes(k);
        return symmetric(alg, kid, k);
    }

    public static TestKey symmetric(CoseAlgorithm alg, String kid, byte[] k) {
        return new TestKey(alg, bytes(kid), null, k.clone(), IssuerKey.symmetric(bytes(kid), null, k));
    }

    /** The verification side, for an {@code IssuerRegistry}. */
    public IssuerKey issuerKey() {
        return issuerKey;
    }

    public CoseAlgorithm alg() {
        return alg;
    }

    public byte[] kid() {
        return kid == null ? null : kid.clone();
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static byte[] fixed(BigInteger v, int size) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[size];
        int copy = Math.min(raw.length, size);
        System.arraycopy(raw, raw.length - copy, out, size - copy, copy);
        return out;
    }
}

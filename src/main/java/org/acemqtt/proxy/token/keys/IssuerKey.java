package org.acemqtt.proxy.token.keys;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * One key an issuer (AS) protects tokens with: an EC2 or Ed25519 public key for COSE_Sign1, or a symmetric key
 * shared with this proxy for COSE_Mac0 / COSE_Encrypt0. Immutable. {@link #toString()} never shows key bytes.
 */
public final class IssuerKey {
    /** Key types (RFC 9053 §7): EC2 (P-256/384/521), OKP Ed25519, Symmetric. */
    public enum Type { EC2, OKP_ED25519, SYMMETRIC }

    /** COSE curve ids (RFC 9053 §7.1). */
    public static final int P_256 = 1;
    public static final int P_384 = 2;
    public static final int P_521 = 3;
    public static final int ED25519 = 6;

    private final byte[] kid;
    private final Integer alg;
    private final Type type;
    private final int curve;
    private final AsymmetricKeyParameter publicKey;
    private final byte[] secret;

    private IssuerKey(byte[] kid, Integer alg, Type type, int curve, AsymmetricKeyParameter pub, byte[] secret) {
        this.kid = kid == null ? null : kid.clone();
        this.alg = alg;
        this.type = type;
        this.curve = curve;
        this.publicKey = pub;
        this.secret = secret == null ? null : secret.clone();
    }

    /** An EC2 public key; the point is validated on the curve. @throws IllegalArgumentException naming the problem */
    public static IssuerKey ec2(byte[] kid, Integer alg, int curve, byte[] x, byte[] y) {
        String name = switch (curve) {
            case P_256 -> "secp256r1";
            case P_384 -> "secp384r1";
            case P_521 -> "secp521r1";
            default -> throw new IllegalArgumentException("unsupported EC2 curve " + curve);
        };
        X9ECParameters params = CustomNamedCurves.getByName(name);
        int size = (params.getCurve().getFieldSize() + 7) / 8;
        if (x == null || y == null || x.length != size || y.length != size) {
            throw new IllegalArgumentException("x and y must be " + size + " bytes each");
        }
        ECDomainParameters domain = new ECDomainParameters(params);
        try {
            var point = params.getCurve().createPoint(new BigInteger(1, x), new BigInteger(1, y));
            return new IssuerKey(kid, alg, Type.EC2, curve, new ECPublicKeyParameters(point, domain), null);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("EC point is not on the curve");
        }
    }

    public static IssuerKey ed25519(byte[] kid, Integer alg, byte[] x) {
        if (x == null || x.length != Ed25519PublicKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("Ed25519 x must be 32 bytes");
        }
        return new IssuerKey(kid, alg, Type.OKP_ED25519, ED25519, new Ed25519PublicKeyParameters(x, 0), null);
    }

    public static IssuerKey symmetric(byte[] kid, Integer alg, byte[] k) {
        if (k == null || k.length == 0) {
            throw new IllegalArgumentException("symmetric key k must not be empty");
        }
        return new IssuerKey(kid, alg, Type.SYMMETRIC, 0, null, k);
    }

    /** The same key with its {@code alg} restriction removed or replaced. */
    public IssuerKey withAlg(Integer newAlg) {
        return new IssuerKey(kid, newAlg, type, curve, publicKey, secret);
    }

    public Type type() {
        return type;
    }

    /** COSE curve id for EC2 and OKP keys, 0 for symmetric ones. */
    public int curve() {
        return curve;
    }

    /** The COSE alg this key is restricted to, or {@code null} if unrestricted. */
    public Integer alg() {
        return alg;
    }

    public boolean hasKid() {
        return kid != null;
    }

    public byte[] kid() {
        return kid == null ? null : kid.clone();
    }

    /** Compares the kid without copying. */
    public boolean kidEquals(byte[] source, int offset, int length) {
        return kid != null && Arrays.equals(kid, 0, kid.length, source, offset, offset + length);
    }

    /** The BouncyCastle public key parameters (EC2, Ed25519), or {@code null}. */
    public AsymmetricKeyParameter publicKey() {
        return publicKey;
    }

    /** Length of the symmetric key in bytes, 0 for public keys. */
    public int secretLength() {
        return secret == null ? 0 : secret.length;
    }

    /** The symmetric key bytes; package-private to keep them inside the token packages. */
    byte[] secret() {
        return secret;
    }

    @Override
    public String toString() {
        String id = kid == null ? "-" : HexFormat.of().formatHex(kid);
        return "IssuerKey[" + type + (curve != 0 ? " crv " + curve : "") + ", kid " + id
                + (alg != null ? ", alg " + alg : "") + (secret != null ? ", " + secret.length + " bytes" : "") + "]";
    }
}

package org.acemqtt.proxy.pop;

import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The PoP MAC/signature checks. RFC 9431 defines no algorithm field: the algorithm follows from the {@code cnf} key
 * (SPEC R-40): a symmetric key means HMAC-SHA-256 with the full 32-byte tag, an OKP Ed25519 key a 64-byte PureEdDSA
 * signature, an EC2 P-256 key a 64-byte ECDSA/SHA-256 signature in COSE's raw {@code r || s} form. BouncyCastle's
 * lightweight API throughout: its ECDSA verify costs ~0.1 ms against SunEC's ~1.3 ms (PERF.md).
 */
public final class ProofAlgorithm {
    static final int HS256_TAG_LENGTH = 32;
    static final int ED25519_SIGNATURE_LENGTH = 64;
    static final int ES256_SIGNATURE_LENGTH = 64;
    private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
    private static final ECDomainParameters P256_DOMAIN = new ECDomainParameters(P256.getCurve(), P256.getG(), P256.getN(), P256.getH());

    private ProofAlgorithm() {
    }

    /** HMAC-SHA-256 (RFC 6234 / HS256), compared in constant time. */
    public static boolean verifyHs256(byte[] key, byte[] message, byte[] tag) {
        if (key == null || key.length == 0 || tag == null || tag.length != HS256_TAG_LENGTH) {
            return false;
        }
        HMac mac = new HMac(new SHA256Digest());
        mac.init(new KeyParameter(key));
        mac.update(message, 0, message.length);
        byte[] expected = new byte[HS256_TAG_LENGTH];
        mac.doFinal(expected, 0);
        boolean equal = MessageDigest.isEqual(expected, tag);
        Arrays.fill(expected, (byte) 0);
        return equal;
    }

    /** Ed25519 (RFC 8032 PureEdDSA) with a 32-byte public key. */
    public static boolean verifyEd25519(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey == null || publicKey.length != Ed25519PublicKeyParameters.KEY_SIZE
                || signature == null || signature.length != ED25519_SIGNATURE_LENGTH) {
            return false;
        }
        try {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
            verifier.update(message, 0, message.length);
            return verifier.verifySignature(signature);
        } catch (IllegalArgumentException invalidKey) {
            return false;
        }
    }

    /** ECDSA P-256 with SHA-256, signature as 32-byte r followed by 32-byte s (RFC 9053 §2.1). */
    public static boolean verifyEs256(byte[] x, byte[] y, byte[] message, byte[] signature) {
        if (x == null || y == null || signature == null || signature.length != ES256_SIGNATURE_LENGTH) {
            return false;
        }
        try {
            ECPoint point = P256.getCurve().createPoint(new java.math.BigInteger(1, x), new java.math.BigInteger(1, y));
            if (!point.isValid()) {
                return false;
            }
            ECDSASigner verifier = new ECDSASigner();
            verifier.init(false, new ECPublicKeyParameters(point, P256_DOMAIN));
            SHA256Digest digest = new SHA256Digest();
            digest.update(message, 0, message.length);
            byte[] hash = new byte[32];
            digest.doFinal(hash, 0);
            return verifier.verifySignature(hash, new java.math.BigInteger(1, Arrays.copyOfRange(signature, 0, 32)),
                    new java.math.BigInteger(1, Arrays.copyOfRange(signature, 32, 64)));
        } catch (IllegalArgumentException invalidPoint) {
            return false;
        }
    }
}

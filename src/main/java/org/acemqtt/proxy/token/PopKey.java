package org.acemqtt.proxy.token;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The proof-of-possession key of a token's {@code cnf} claim (RFC 8747 §3): a symmetric key, an Ed25519 or EC2
 * P-256 public key, or only a {@code kid} naming a key the proxy already knows. {@code toString()} never shows key
 * bytes. Public keys expose the SHA-256 of their SubjectPublicKeyInfo, the index for RFC 7250 raw public keys.
 */
public abstract sealed class PopKey permits PopKey.Symmetric, PopKey.Ed25519, PopKey.EcP256, PopKey.KidReference {
    private final byte[] kid;
    private final Integer alg;

    private PopKey(byte[] kid, Integer alg) {
        this.kid = kid == null ? null : kid.clone();
        this.alg = alg;
    }

    /** A copy of the key id, or {@code null}. */
    public byte[] kid() {
        return kid == null ? null : kid.clone();
    }

    /** The COSE_Key {@code alg} the key is restricted to (RFC 9201 §5), or {@code null}. */
    public Integer alg() {
        return alg;
    }

    /** SHA-256 of the DER SubjectPublicKeyInfo for public keys, {@code null} otherwise. */
    public byte[] publicKeySha256() {
        return null;
    }

    abstract String type();

    @Override
    public String toString() {
        return "PopKey[" + type() + ", kid " + (kid == null ? "-" : HexFormat.of().formatHex(kid))
                + (alg != null ? ", alg " + alg : "") + "]";
    }

    /** A symmetric key (kty 4): the HMAC key for PoP and the TLS-PSK. */
    public static final class Symmetric extends PopKey {
        private final byte[] key;

        public Symmetric(byte[] key, byte[] kid, Integer alg) {
            super(kid, alg);
            this.key = key.clone();
        }

        /** A copy of the secret. */
        public byte[] key() {
            return key.clone();
        }

        /** SHA-256 of the secret: identifies a key without a kid (never log it either). */
        public byte[] keySha256() {
            return Sha256.of(key);
        }

        @Override
        String type() {
            return "symmetric " + key.length + " bytes";
        }
    }

    /** An Ed25519 public key (kty 1, crv 6). */
    public static final class Ed25519 extends PopKey {
        private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
        private final byte[] x;

        public Ed25519(byte[] x, byte[] kid, Integer alg) {
            super(kid, alg);
            this.x = x.clone();
        }

        public byte[] x() {
            return x.clone();
        }

        @Override
        public byte[] publicKeySha256() {
            return Sha256.of(SPKI_PREFIX, x);
        }

        @Override
        String type() {
            return "Ed25519";
        }
    }

    /** An EC2 P-256 public key (kty 2, crv 1), validated on the curve. */
    public static final class EcP256 extends PopKey {
        private static final byte[] SPKI_PREFIX = HexFormat.of()
                .parseHex("3059301306072a8648ce3d020106082a8648ce3d03010703420004");
        private final byte[] x;
        private final byte[] y;

        public EcP256(byte[] x, byte[] y, byte[] kid, Integer alg) {
            super(kid, alg);
            this.x = x.clone();
            this.y = y.clone();
        }

        public byte[] x() {
            return x.clone();
        }

        public byte[] y() {
            return y.clone();
        }

        @Override
        public byte[] publicKeySha256() {
            byte[] xy = Arrays.copyOf(x, 64);
            System.arraycopy(y, 0, xy, 32, 32);
            return Sha256.of(SPKI_PREFIX, xy);
        }

        @Override
        String type() {
            return "EC2 P-256";
        }
    }

    /** Only a key id (cnf member 3): the key is already known to the proxy. */
    public static final class KidReference extends PopKey {
        public KidReference(byte[] kid) {
            super(kid, null);
        }

        @Override
        String type() {
            return "kid reference";
        }
    }
}

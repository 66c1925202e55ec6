package org.acemqtt.proxy.token.cose;

import org.acemqtt.proxy.token.keys.IssuerKey;

/**
 * The COSE algorithms this proxy verifies (RFC 9053; ids from the IANA COSE Algorithms registry). Each ECDSA alg
 * is bound to its curve (ES256/P-256, ES384/P-384, ES512/P-521), as RFC 9053 §2.1 suggests and RFC 9864
 * makes explicit: a P-256 key used with ES512 is refused.
 */
public enum CoseAlgorithm {
    ES256(-7, Family.ECDSA, IssuerKey.P_256, 64, 0),
    ES384(-35, Family.ECDSA, IssuerKey.P_384, 96, 0),
    ES512(-36, Family.ECDSA, IssuerKey.P_521, 132, 0),
    EDDSA(-8, Family.EDDSA, IssuerKey.ED25519, 64, 0),
    HMAC_256_64(4, Family.HMAC, 256, 8, 0),
    HMAC_256_256(5, Family.HMAC, 256, 32, 0),
    HMAC_384_384(6, Family.HMAC, 384, 48, 0),
    HMAC_512_512(7, Family.HMAC, 512, 64, 0),
    A128GCM(1, Family.AES_GCM, 16, 16, 12),
    A192GCM(2, Family.AES_GCM, 24, 16, 12),
    A256GCM(3, Family.AES_GCM, 32, 16, 12),
    AES_CCM_16_64_128(10, Family.AES_CCM, 16, 8, 13),
    AES_CCM_16_64_256(11, Family.AES_CCM, 32, 8, 13),
    AES_CCM_64_64_128(12, Family.AES_CCM, 16, 8, 7),
    AES_CCM_64_64_256(13, Family.AES_CCM, 32, 8, 7),
    AES_CCM_16_128_128(30, Family.AES_CCM, 16, 16, 13),
    AES_CCM_16_128_256(31, Family.AES_CCM, 32, 16, 13),
    AES_CCM_64_128_128(32, Family.AES_CCM, 16, 16, 7),
    AES_CCM_64_128_256(33, Family.AES_CCM, 32, 16, 7);

    /** Algorithm families and the COSE structure each belongs to. */
    public enum Family {
        ECDSA(CoseType.SIGN1), EDDSA(CoseType.SIGN1), HMAC(CoseType.MAC0),
        AES_GCM(CoseType.ENCRYPT0), AES_CCM(CoseType.ENCRYPT0);

        private final CoseType structure;

        Family(CoseType structure) {
            this.structure = structure;
        }

        public CoseType structure() {
            return structure;
        }
    }

    private final int id;
    private final Family family;
    private final int parameter;
    private final int tagLength;
    private final int nonceLength;

    CoseAlgorithm(int id, Family family, int parameter, int tagLength, int nonceLength) {
        this.id = id;
        this.family = family;
        this.parameter = parameter;
        this.tagLength = tagLength;
        this.nonceLength = nonceLength;
    }

    public static CoseAlgorithm byId(long id) {
        for (CoseAlgorithm a : values()) {
            if (a.id == id) {
                return a;
            }
        }
        return null;
    }

    public int id() {
        return id;
    }

    public Family family() {
        return family;
    }

    /** Signature length, MAC tag length or AEAD tag length, in bytes. */
    public int tagLength() {
        return tagLength;
    }

    /** IV length for AEAD algorithms (bytes), 0 otherwise. */
    public int nonceLength() {
        return nonceLength;
    }

    /** Hash size in bits for HMAC. */
    int hashBits() {
        return parameter;
    }

    /** Whether {@code key} may be used with this alg: key type, curve, key size and the key's own alg restriction. */
    public boolean accepts(IssuerKey key) {
        if (key.alg() != null && key.alg() != id) {
            return false;
        }
        return switch (family) {
            case ECDSA -> key.type() == IssuerKey.Type.EC2 && key.curve() == parameter;
            case EDDSA -> key.type() == IssuerKey.Type.OKP_ED25519;
            case HMAC -> key.type() == IssuerKey.Type.SYMMETRIC && key.secretLength() > 0;
            case AES_GCM, AES_CCM -> key.type() == IssuerKey.Type.SYMMETRIC && key.secretLength() == parameter;
        };
    }
}

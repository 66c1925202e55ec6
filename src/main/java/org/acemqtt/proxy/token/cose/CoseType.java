package org.acemqtt.proxy.token.cose;

/** The single-recipient COSE structures a CWT may use here, with their CBOR tags (RFC 9052 §2). */
public enum CoseType {
    SIGN1(18, 4, "Signature1", "sign1"),
    MAC0(17, 4, "MAC0", "mac0"),
    ENCRYPT0(16, 3, "Encrypt0", "encrypt0");

    private final int tag;
    private final int arrayLength;
    private final String context;
    private final String metricTag;

    CoseType(int tag, int arrayLength, String context, String metricTag) {
        this.tag = tag;
        this.arrayLength = arrayLength;
        this.context = context;
        this.metricTag = metricTag;
    }

    public static CoseType byTag(long tag) {
        for (CoseType t : values()) {
            if (t.tag == tag) {
                return t;
            }
        }
        return null;
    }

    public int tag() {
        return tag;
    }

    int arrayLength() {
        return arrayLength;
    }

    /** The context string of the Sig_structure / MAC_structure / Enc_structure. */
    String context() {
        return context;
    }

    /** The {@code format} label value of {@code ace_proxy_token_validation_seconds}. */
    public String metricTag() {
        return metricTag;
    }
}

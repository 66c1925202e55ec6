package org.acemqtt.proxy.testsupport;

import java.util.HexFormat;
import org.acemqtt.proxy.token.keys.IssuerKey;

/** RFC 8392 Appendix A tokens and keys, byte-exact from SPEC.md section 6.1. */
public final class Rfc8392Vectors {
    private static final HexFormat HEX = HexFormat.of();

    public static final byte[] A1_CLAIMS = HEX.parseHex("a70175636f61703a2f2f61732e6578616d706c652e636f6d02656572696b"
            + "77037818636f61703a2f2f6c696768742e6578616d706c652e636f6d041a5612aeb0051a5610d9f0061a5610d9f007420b71");
    public static final byte[] A3_SIGN1 = HEX.parseHex("d28443a10126a104524173796d6d657472696345434453413235365850a701"
            + "75636f61703a2f2f61732e6578616d706c652e636f6d02656572696b77037818636f61703a2f2f6c696768742e6578616d706c65"
            + "2e636f6d041a5612aeb0051a5610d9f0061a5610d9f007420b7158405427c1ff28d23fbad1f29c4c7c6a555e601d6fa29f9179bc"
            + "3d7438bacaca5acd08c8d4d4f96131680c429a01f85951ecee743a52b9b63632c57209120e1c9e30");
    public static final byte[] A4_MAC0 = HEX.parseHex("d83dd18443a10104a1044c53796d6d65747269633235365850a70175636f"
            + "61703a2f2f61732e6578616d706c652e636f6d02656572696b77037818636f61703a2f2f6c696768742e6578616d706c652e636f"
            + "6d041a5612aeb0051a5610d9f0061a5610d9f007420b7148093101ef6d789200");
    public static final byte[] A5_ENCRYPT0 = HEX.parseHex("d08343a1010aa2044c53796d6d6574726963313238054d99a0d7846e"
            + "762c49ffe8a63e0b5858b918a11fd81e438b7f973d9e2e119bcb22424ba0f38a80f27562f400ee1d0d6c0fdb559c02421fd384fc"
            + "2ebe22d7071378b0ea7428fff157444d45f7e6afcda1aae5f6495830c58627087fc5b4974f319a8707a635dd643b");
    public static final byte[] A6_NESTED = HEX.parseHex("d08343a1010aa2044c53796d6d6574726963313238054d4a0694c0e69e"
            + "e6b5956655c7b258b7f6b0914f993de822cc47e5e57a188d7960b528a747446fe12f0e7de05650dec74724366763f167a29c002d"
            + "fd15b34d8993391cf49bc91127f545dba8703d66f5b7f1ae91237503d371e6333df9708d78c4fb8a8386c8ff09dc49af768b2317"
            + "9deab78d96490a66d5724fb33900c60799d9872fac6da3bdb89043d67c2a05414ce331b5b8f1ed8ff7138f45905db2c4d5bc8045"
            + "ab372bff142631610a7e0f677b7e9b0bc73adefdcee16d9d5d284c616abeab5d8c291ce0");
    public static final byte[] A7_FLOAT = HEX.parseHex("d18443a10104a1044c53796d6d65747269633235364ba106fb41d584367c"
            + "20000048b8816f34c0542892");

    /** A.2.1 COSE_Key as published (alg 10, AES-CCM-16-64-128). */
    public static final byte[] A21_KEY = HEX.parseHex("a42050231f4c4d4d3051fdc2ec0a3851d5b3830104024c53796d6d65747269"
            + "63313238030a");
    /** A.2.2 COSE_Key as published: says alg 10 although A.4/A.7 use it with HMAC 256/64. */
    public static final byte[] A22_KEY = HEX.parseHex("a4205820403697de87af64611c1d32a05dab0fe1fcb715a86ab435f1ec9919"
            + "2d795693880104024c53796d6d6574726963323536030a");

    public static final String ISSUER = "coap://as.example.com";
    public static final String AUDIENCE = "coap://light.example.com";
    /** iat/nbf of the A.1 claims (2015-10-04T07:49:04Z); exp is 1444064944. */
    public static final long IAT = 1443944944L;

    private Rfc8392Vectors() {
    }

    /** A.2.3 public part: P-256, kid "AsymmetricECDSA256", alg ES256. */
    public static IssuerKey a23PublicKey() {
        return IssuerKey.ec2("AsymmetricECDSA256".getBytes(), -7, IssuerKey.P_256,
                HEX.parseHex("143329cce7868e416927599cf65a34f3ce2ffda55a7eca69ed8919a394d42f0f"),
                HEX.parseHex("60f7f1a780d8a783bfb7a2dd6b2796e8128dbbcef9d3d168db9529971a36e7b9"));
    }

    /** A.2.1 128-bit key, kid "Symmetric128", alg 10 as published. */
    public static IssuerKey a21Key() {
        return IssuerKey.symmetric("Symmetric128".getBytes(), 10, HEX.parseHex("231f4c4d4d3051fdc2ec0a3851d5b383"));
    }

    /** A.2.2 256-bit key, kid "Symmetric256", with the published alg 10 removed (see {@link #A22_KEY}). */
    public static IssuerKey a22KeyWithoutAlg() {
        return IssuerKey.symmetric("Symmetric256".getBytes(), null,
                HEX.parseHex("403697de87af64611c1d32a05dab0fe1fcb715a86ab435f1ec99192d79569388"));
    }
}

package org.acemqtt.proxy.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;
import org.acemqtt.proxy.token.cbor.CborWriter;

/**
 * A CWT claims set for {@link TestTokens}, by CWT key, each value kept as encoded CBOR so tests can put anything
 * (wrong types, raw bytes) under any key. {@link #valid(long)} is a token this project's tests accept.
 */
public final class TestClaims {
    public static final String ISSUER = "https://as.example.com";
    public static final String AUDIENCE = "mqtts://broker.example.com";
    /** AIF-MQTT {@code [["topic1",["pub","sub"]]]} in CBOR. */
    public static final byte[] AIF = new CborWriter().arrayHeader(1).arrayHeader(2).text("topic1").arrayHeader(2)
            .text("pub").text("sub").toByteArray();

    private final Map<Long, byte[]> claims = new LinkedHashMap<>();

    /** iss, aud, exp = now + 1 h, iat = now, cti, bstr-wrapped AIF scope, an Ed25519 cnf, ace_profile 3. */
    public static TestClaims valid(long nowEpochSeconds) {
        byte[] x = ((org.bouncycastle.crypto.params.Ed25519PublicKeyParameters)
                TestKey.ed25519("pop").issuerKey().publicKey()).getEncoded();
        return new TestClaims().iss(ISSUER).aud(AUDIENCE).exp(nowEpochSeconds + 3600).iat(nowEpochSeconds)
                .set(7, w().bytes(new byte[] {1, 2, 3}).toByteArray()).scopeBstr(AIF)
                .cnfEd25519(x)
                .aceProfile(3);
    }

    public static CborWriter w() {
        return new CborWriter();
    }

    public TestClaims set(long key, byte[] encodedValue) {
        claims.put(key, encodedValue);
        return this;
    }

    public TestClaims remove(long key) {
        claims.remove(key);
        return this;
    }

    public TestClaims iss(String v) { return set(1, w().text(v).toByteArray()); }
    public TestClaims sub(String v) { return set(2, w().text(v).toByteArray()); }
    public TestClaims aud(String v) { return set(3, w().text(v).toByteArray()); }

    public TestClaims audArray(String... v) {
        CborWriter a = w().arrayHeader(v.length);
        for (String s : v) {
            a.text(s);
        }
        return set(3, a.toByteArray());
    }

    public TestClaims exp(long v) { return set(4, w().integer(v).toByteArray()); }
    public TestClaims nbf(long v) { return set(5, w().integer(v).toByteArray()); }
    public TestClaims iat(long v) { return set(6, w().integer(v).toByteArray()); }
    public TestClaims scopeBstr(byte[] aif) { return set(9, w().bytes(aif).toByteArray()); }
    public TestClaims scopeArray(byte[] encodedArray) { return set(9, encodedArray); }
    public TestClaims scopeText(String v) { return set(9, w().text(v).toByteArray()); }
    public TestClaims aceProfile(long v) { return set(38, w().integer(v).toByteArray()); }
    public TestClaims cnonce(byte[] v) { return set(39, w().bytes(v).toByteArray()); }
    public TestClaims exi(long v) { return set(40, w().integer(v).toByteArray()); }

    public TestClaims cnfEd25519(byte[] x) {
        return set(8, w().mapHeader(1).integer(1).mapHeader(3).integer(1).integer(1).integer(-1).integer(6)
                .integer(-2).bytes(x).toByteArray());
    }

    public TestClaims cnfSymmetric(byte[] k, byte[] kid) {
        return set(8, w().mapHeader(1).integer(1).raw(symmetricCoseKey(k, kid)).toByteArray());
    }

    public TestClaims cnfKid(byte[] kid) {
        return set(8, w().mapHeader(1).integer(3).bytes(kid).toByteArray());
    }

    /** {@code cnf: {2: <Encrypted_COSE_Key>}} with an untagged COSE_Encrypt0 made by {@link TestTokens}. */
    public TestClaims cnfEncrypted(byte[] encrypt0) {
        return set(8, w().mapHeader(1).integer(2).raw(encrypt0).toByteArray());
    }

    public static byte[] symmetricCoseKey(byte[] k, byte[] kid) {
        CborWriter m = w().mapHeader(kid == null ? 2 : 3).integer(1).integer(4);
        if (kid != null) {
            m.integer(2).bytes(kid);
        }
        return m.integer(-1).bytes(k).toByteArray();
    }

    public byte[] encode() {
        CborWriter m = w().mapHeader(claims.size());
        claims.forEach((k, v) -> m.integer(k).raw(v));
        return m.toByteArray();
    }
}

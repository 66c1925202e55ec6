package org.acemqtt.bench;

import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.acemqtt.proxy.token.cbor.CborWriter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The AS side for the ace path: a 256-bit HMAC key shared with the proxy (JWK Set, kty oct) and one COSE_Mac0 CWT
 * (alg HMAC 256/256) bound to the load client's Ed25519 PoP key, with a 10-entry AIF-MQTT scope. Built with the
 * proxy's own public {@link CborWriter}.
 */
final class AceToken {
    static final String ISSUER = "https://as.bench.example";
    static final String AUDIENCE = "mqtts://bench.example";
    static final String KID = "bench-as";
    /** Topics the scenarios use; both are covered by wildcard entries of the scope, not by an exact entry. */
    static final String[][] SCOPE = {
        {"sensors/+/temperature", "pub"},
        {"sensors/+/humidity", "pub"},
        {"devices/dev-7/cmd/#", "sub"},
        {"devices/dev-7/status", "pub"},
        {"fleet/+/alerts", "sub"},
        {"logs/dev-7/#", "pub"},
        {"config/dev-7", "sub"},
        {"bench/+/data", "pub", "sub"},
        {"bench/lat/#", "pub", "sub"},
        {"bench/fan/#", "pub", "sub"},
    };
    private static final SecureRandom RANDOM = new SecureRandom();

    final byte[] asKey = new byte[32];
    private final Ed25519PrivateKeyParameters pop = new Ed25519PrivateKeyParameters(RANDOM);
    final byte[] token;

    AceToken() throws Exception {
        RANDOM.nextBytes(asKey);
        token = build(System.currentTimeMillis() / 1000 + 86_400);
    }

    private AceToken(byte[] sharedAsKey, long exp) throws Exception {
        System.arraycopy(sharedAsKey, 0, asKey, 0, asKey.length);
        token = build(exp);
    }

    /** A token of the same issuer (and a fresh PoP key) that expires at {@code exp} (epoch seconds). */
    AceToken expiringAt(long exp) throws Exception {
        return new AceToken(asKey, exp);
    }

    String jwks() {
        return "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"" + KID + "\",\"alg\":\"HS256\",\"k\":\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(asKey) + "\"}]}";
    }

    static byte[] aif() {
        CborWriter w = new CborWriter().arrayHeader(SCOPE.length);
        for (String[] e : SCOPE) {
            w.arrayHeader(2).text(e[0]).arrayHeader(e.length - 1);
            for (int i = 1; i < e.length; i++) {
                w.text(e[i]);
            }
        }
        return w.toByteArray();
    }

    private byte[] build(long exp) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        byte[] cti = new byte[8];
        RANDOM.nextBytes(cti);
        byte[] x = pop.generatePublicKey().getEncoded();
        byte[] claims = new CborWriter().mapHeader(8)
                .integer(1).text(ISSUER)
                .integer(2).text("bench-device-7")
                .integer(3).text(AUDIENCE)
                .integer(4).integer(exp)
                .integer(6).integer(now)
                .integer(7).bytes(cti)
                .integer(8).mapHeader(1).integer(1).mapHeader(3).integer(1).integer(1).integer(-1).integer(6)
                        .integer(-2).bytes(x)
                .integer(9).bytes(aif())
                .toByteArray();
        byte[] prot = new CborWriter().mapHeader(1).integer(1).integer(5).toByteArray(); // alg: HMAC 256/256
        byte[] macStructure = new CborWriter().arrayHeader(4).text("MAC0").bytes(prot).bytes(new byte[0])
                .bytes(claims).toByteArray();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(asKey, "HmacSHA256"));
        byte[] tag = mac.doFinal(macStructure);
        return new CborWriter().tag(17).arrayHeader(4).bytes(prot)
                .mapHeader(1).integer(4).bytes(KID.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .bytes(claims).bytes(tag).toByteArray();
    }

    /** RFC 9431 Authentication Data: token length (2 bytes), token, Ed25519 signature over the TLS exporter. */
    byte[] authData(byte[] exporter) {
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, pop);
        s.update(exporter, 0, exporter.length);
        byte[] sig = s.generateSignature();
        byte[] d = new byte[2 + token.length + sig.length];
        d[0] = (byte) (token.length >> 8);
        d[1] = (byte) token.length;
        System.arraycopy(token, 0, d, 2, token.length);
        System.arraycopy(sig, 0, d, 2 + token.length, sig.length);
        return d;
    }
}

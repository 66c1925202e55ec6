package org.acemqtt.proxy.demo;

import java.security.SecureRandom;
import java.util.Base64;
import org.acemqtt.proxy.token.cbor.CborWriter;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A development issuer for demos and tests — NOT an Authorization Server: no client authentication, no policy, it
 * signs whatever it is asked. Mints RFC 8392 CWTs for RFC 9431 with a shared 256-bit key: COSE_Mac0 (HMAC 256/256)
 * for tokens bound to an Ed25519 key, COSE_Encrypt0 (A256GCM) for tokens carrying a symmetric PoP key, which RFC 9431
 * §2.1 requires to be encrypted.
 */
public final class DevTokenMinter {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int HMAC_256_256 = 5;
    private static final int A256GCM = 3;
    private final String issuer;
    private final String audience;
    private final byte[] key;
    private final String kid;

    public DevTokenMinter(String issuer, String audience, byte[] key, String kid) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the development issuer key must be 32 bytes");
        }
        this.issuer = issuer;
        this.audience = audience;
        this.key = key.clone();
        this.kid = kid;
    }

    public static byte[] newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    /** The JWK Set the proxy needs to trust this issuer ({@code ace.issuers[].keys}). */
    public String jwks() {
        return "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"" + kid + "\",\"k\":\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(key) + "\"}]}";
    }

    /** A COSE_Mac0 token with {@code aifCbor} as scope, bound to the Ed25519 public key {@code x}. */
    public byte[] ed25519Token(byte[] aifCbor, byte[] x, long lifetimeSeconds, String subject) {
        byte[] cnf = new CborWriter().mapHeader(1).integer(1).mapHeader(3).integer(1).integer(1).integer(-1).integer(6)
                .integer(-2).bytes(x).toByteArray();
        byte[] claims = claims(aifCbor, cnf, lifetimeSeconds, subject);
        byte[] protectedHeader = new CborWriter().mapHeader(1).integer(1).integer(HMAC_256_256).toByteArray();
        byte[] macStructure = new CborWriter().arrayHeader(4).text("MAC0").bytes(protectedHeader).bytes(new byte[0])
                .bytes(claims).toByteArray();
        HMac hmac = new HMac(new SHA256Digest());
        hmac.init(new KeyParameter(key));
        hmac.update(macStructure, 0, macStructure.length);
        byte[] tag = new byte[32];
        hmac.doFinal(tag, 0);
        return new CborWriter().tag(17).arrayHeader(4).bytes(protectedHeader).mapHeader(1).integer(4)
                .bytes(kid.getBytes(java.nio.charset.StandardCharsets.UTF_8)).bytes(claims).bytes(tag).toByteArray();
    }

    /** A COSE_Encrypt0 token whose {@code cnf} is the symmetric PoP key {@code psk} with {@code pskKid} (TLS-PSK). */
    public byte[] symmetricToken(byte[] aifCbor, byte[] psk, byte[] pskKid, long lifetimeSeconds, String subject) {
        byte[] cnf = new CborWriter().mapHeader(1).integer(1).mapHeader(3).integer(1).integer(4).integer(2).bytes(pskKid)
                .integer(-1).bytes(psk).toByteArray();
        byte[] claims = claims(aifCbor, cnf, lifetimeSeconds, subject);
        byte[] protectedHeader = new CborWriter().mapHeader(1).integer(1).integer(A256GCM).toByteArray();
        byte[] aad = new CborWriter().arrayHeader(3).text("Encrypt0").bytes(protectedHeader).bytes(new byte[0]).toByteArray();
        byte[] iv = new byte[12];
        RANDOM.nextBytes(iv);
        GCMBlockCipher gcm = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(true, new AEADParameters(new KeyParameter(key), 128, iv, aad));
        byte[] ciphertext = new byte[gcm.getOutputSize(claims.length)];
        int n = gcm.processBytes(claims, 0, claims.length, ciphertext, 0);
        try {
            gcm.doFinal(ciphertext, n);
        } catch (org.bouncycastle.crypto.InvalidCipherTextException impossible) {
            throw new IllegalStateException(impossible);
        }
        return new CborWriter().tag(16).arrayHeader(3).bytes(protectedHeader).mapHeader(2).integer(4)
                .bytes(kid.getBytes(java.nio.charset.StandardCharsets.UTF_8)).integer(5).bytes(iv).bytes(ciphertext).toByteArray();
    }

    /** iss, sub, aud, exp, iat, cti, scope (bstr-wrapped AIF), cnf, ace_profile 3 (mqtt_tls). */
    private byte[] claims(byte[] aifCbor, byte[] cnf, long lifetimeSeconds, String subject) {
        long now = System.currentTimeMillis() / 1000;
        byte[] cti = new byte[8];
        RANDOM.nextBytes(cti);
        return new CborWriter().mapHeader(9).integer(1).text(issuer).integer(2).text(subject).integer(3).text(audience)
                .integer(4).integer(now + lifetimeSeconds).integer(6).integer(now).integer(7).bytes(cti)
                .integer(8).raw(cnf).integer(9).bytes(aifCbor).integer(38).integer(3).toByteArray();
    }
}

package org.acemqtt.proxy.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;
import org.acemqtt.proxy.token.cose.CoseAlgorithm;
import org.acemqtt.proxy.token.cose.CoseType;
import org.acemqtt.proxy.token.cbor.CborWriter;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.modes.CCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;

/**
 * Builds COSE_Sign1 / COSE_Mac0 / COSE_Encrypt0 CWTs with {@link TestKey}s, for tests of everything that
 * consumes tokens. By default: {@code alg} in the protected bucket, {@code kid} (and the IV) unprotected, COSE tag,
 * no tag 61. Every part can be overridden to build hostile tokens: {@link #protectedRaw}, {@link #noAlg()},
 * {@link #header}, {@link #tag61()}, {@link #untagged()}, {@link #algId}.
 * <pre>{@code byte[] t = TestTokens.sign1(key).claims(TestClaims.valid(now)).build();}</pre>
 */
public final class TestTokens {
    private final CoseType type;
    private final TestKey key;
    private final Map<Long, byte[]> prot = new LinkedHashMap<>();
    private final Map<Long, byte[]> unprot = new LinkedHashMap<>();
    private byte[] protectedRaw;
    private byte[] payload;
    private boolean tag61;
    private boolean untagged;
    private byte[] iv;

    private TestTokens(CoseType type, TestKey key) {
        this.type = type;
        this.key = key;
        prot.put(1L, new CborWriter().integer(key.alg.id()).toByteArray());
        if (key.kid != null) {
            unprot.put(4L, new CborWriter().bytes(key.kid).toByteArray());
        }
    }

    public static TestTokens sign1(TestKey key) { return new TestTokens(CoseType.SIGN1, key); }
    public static TestTokens mac0(TestKey key) { return new TestTokens(CoseType.MAC0, key); }
    public static TestTokens encrypt0(TestKey key) { return new TestTokens(CoseType.ENCRYPT0, key); }

    public TestTokens claims(TestClaims claims) { payload = claims.encode(); return this; }
    /** Any payload/plaintext bytes, e.g. an inner token for a nested CWT or a COSE_Key. */
    public TestTokens payload(byte[] bytes) { payload = bytes.clone(); return this; }
    public TestTokens tag61() { tag61 = true; return this; }
    public TestTokens untagged() { untagged = true; return this; }
    public TestTokens noAlg() { prot.remove(1L); return this; }
    /** Puts {@code alg} with this id in the protected header (the key still signs with its own alg). */
    public TestTokens algId(long id) { prot.put(1L, new CborWriter().integer(id).toByteArray()); return this; }
    /** The AEAD nonce to use (default: random of the alg's length). */
    public TestTokens iv(byte[] nonce) { iv = nonce.clone(); return this; }
    public TestTokens noKid() { unprot.remove(4L); return this; }

    /** Sets a header parameter (encoded value) in the protected or unprotected bucket. */
    public TestTokens header(boolean inProtected, long label, byte[] encodedValue) {
        (inProtected ? prot : unprot).put(label, encodedValue);
        return this;
    }

    /** Uses exactly these bytes as the protected bucket's content (signed/MACed as given). */
    public TestTokens protectedRaw(byte[] bytes) { protectedRaw = bytes.clone(); return this; }

    public byte[] build() {
        byte[] protectedBytes = protectedRaw != null ? protectedRaw : prot.isEmpty() ? new byte[0] : map(prot);
        CborWriter out = new CborWriter();
        if (tag61) {
            out.tag(61);
        }
        if (!untagged) {
            out.tag(type.tag());
        }
        if (type == CoseType.ENCRYPT0) {
            if (iv == null) {
                iv = new byte[key.alg.nonceLength()];
                TestKey.RANDOM.nextBytes(iv);
            }
            unprot.putIfAbsent(5L, new CborWriter().bytes(iv).toByteArray());
            byte[] ct = encrypt(protectedBytes, iv);
            return out.arrayHeader(3).bytes(protectedBytes).raw(map(unprot)).bytes(ct).toByteArray();
        }
        byte[] tbs = new CborWriter().arrayHeader(4).text(type == CoseType.SIGN1 ? "Signature1" : "MAC0")
                .bytes(protectedBytes).bytes(new byte[0]).bytes(payload).toByteArray();
        byte[] tag = type == CoseType.SIGN1 ? sign(tbs) : mac(tbs);
        return out.arrayHeader(4).bytes(protectedBytes).raw(map(unprot)).bytes(payload).bytes(tag).toByteArray();
    }

    private static byte[] map(Map<Long, byte[]> m) {
        CborWriter w = new CborWriter().mapHeader(m.size());
        m.forEach((k, v) -> w.integer(k).raw(v));
        return w.toByteArray();
    }

    private byte[] sign(byte[] tbs) {
        {
            if (key.alg == CoseAlgorithm.EDDSA) {
                Ed25519Signer s = new Ed25519Signer();
                s.init(true, key.privateKey);
                s.update(tbs, 0, tbs.length);
                return s.generateSignature();
            }
            DSADigestSigner s = new DSADigestSigner(new ECDSASigner(), digest(key.alg), PlainDSAEncoding.INSTANCE);
            s.init(true, new ParametersWithRandom(key.privateKey, TestKey.RANDOM));
            s.update(tbs, 0, tbs.length);
            return s.generateSignature();
        }
    }

    private byte[] mac(byte[] tbs) {
        HMac mac = new HMac(digest(key.alg));
        mac.init(new KeyParameter(key.secret));
        mac.update(tbs, 0, tbs.length);
        byte[] full = new byte[mac.getMacSize()];
        mac.doFinal(full, 0);
        return java.util.Arrays.copyOf(full, key.alg.tagLength());
    }

    private byte[] encrypt(byte[] protectedBytes, byte[] iv) {
        byte[] aad = new CborWriter().arrayHeader(3).text("Encrypt0").bytes(protectedBytes).bytes(new byte[0])
                .toByteArray();
        AEADCipher c = key.alg.family() == CoseAlgorithm.Family.AES_GCM
                ? GCMBlockCipher.newInstance(AESEngine.newInstance())
                : CCMBlockCipher.newInstance(AESEngine.newInstance());
        c.init(true, new AEADParameters(new KeyParameter(key.secret), key.alg.tagLength() * 8, iv));
        c.processAADBytes(aad, 0, aad.length);
        byte[] out = new byte[c.getOutputSize(payload.length)];
        int n = c.processBytes(payload, 0, payload.length, out, 0);
        try {
            c.doFinal(out, n);
        } catch (org.bouncycastle.crypto.InvalidCipherTextException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static Digest digest(CoseAlgorithm alg) {
        return switch (alg) {
            case ES384, HMAC_384_384 -> new SHA384Digest();
            case ES512, HMAC_512_512 -> new SHA512Digest();
            default -> new SHA256Digest();
        };
    }
}

package org.acemqtt.proxy.testsupport;

import java.security.SecureRandom;
import java.util.Base64;
import org.acemqtt.proxy.token.cose.CoseAlgorithm;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The two sides of an ACE deployment for integration tests, generated per run: the AS's HMAC key (COSE_Mac0 tokens,
 * shared with the proxy through a JWK Set) and a client's Ed25519 PoP key (the token's {@code cnf}).
 */
public final class AceClientKeys {
    public static final String AS_KID = "as-mac";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final byte[] asKey = new byte[32];
    private final TestKey asTestKey;
    private final Ed25519PrivateKeyParameters pop = new Ed25519PrivateKeyParameters(RANDOM);

    public AceClientKeys() {
        this(null);
    }

    private AceClientKeys(byte[] sharedAsKey) {
        if (sharedAsKey == null) {
            RANDOM.nextBytes(asKey);
        } else {
            System.arraycopy(sharedAsKey, 0, asKey, 0, asKey.length);
        }
        asTestKey = TestKey.symmetric(CoseAlgorithm.HMAC_256_256, AS_KID, asKey);
    }

    /** Another client of the same AS: same issuer key, its own PoP key. */
    public AceClientKeys anotherClient() {
        return new AceClientKeys(asKey);
    }

    /** The proxy's view of the AS: a JWK Set holding the shared MAC key. */
    public String asJwks() {
        return "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"" + AS_KID + "\",\"k\":\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(asKey) + "\"}]}";
    }

    /** A COSE_Mac0 CWT for the fixture's audience, bound to this client's Ed25519 key, valid for {@code seconds}. */
    public byte[] token(byte[] aifCbor, long seconds) {
        long now = System.currentTimeMillis() / 1000;
        return TestTokens.mac0(asTestKey).claims(TestClaims.valid(now).aud(ProxyFixture.AUDIENCE).exp(now + seconds)
                .sub("device-7").scopeBstr(aifCbor).cnfEd25519(pop.generatePublicKey().getEncoded())).build();
    }

    /**
     * A COSE_Encrypt0 CWT (A256GCM with the AS key) whose {@code cnf} is a symmetric PoP key with {@code kid}: the
     * shape RFC 9431 §2.1 requires for TLS-PSK (a symmetric key is only ever sent encrypted).
     */
    public byte[] pskToken(byte[] aifCbor, byte[] pskKey, byte[] kid, long seconds) {
        long now = System.currentTimeMillis() / 1000;
        return TestTokens.encrypt0(TestKey.symmetric(CoseAlgorithm.A256GCM, AS_KID, asKey)).claims(TestClaims.valid(now)
                .aud(ProxyFixture.AUDIENCE).exp(now + seconds).scopeBstr(aifCbor).cnfSymmetric(pskKey, kid)).build();
    }

    /** A COSE_Mac0 CWT bound to an EC2 P-256 public key (for RFC 7250 raw public keys, RFC 9431 §2.2.3.1). */
    public byte[] ecToken(byte[] aifCbor, byte[] x, byte[] y, long seconds) {
        long now = System.currentTimeMillis() / 1000;
        byte[] cnf = TestClaims.w().mapHeader(1).integer(1).mapHeader(4).integer(1).integer(2).integer(-1).integer(1)
                .integer(-2).bytes(x).integer(-3).bytes(y).toByteArray();
        return TestTokens.mac0(asTestKey).claims(TestClaims.valid(now).aud(ProxyFixture.AUDIENCE).exp(now + seconds)
                .scopeBstr(aifCbor).set(8, cnf)).build();
    }

    /** A token signed with a key the proxy does not trust. */
    public static byte[] foreignToken(byte[] aifCbor) {
        return new AceClientKeys().token(aifCbor, 3600);
    }

    /** The client's Ed25519 public key (the {@code x} of its COSE_Key). */
    public byte[] popPublicKey() {
        return pop.generatePublicKey().getEncoded();
    }

    /**
     * An RFC 9200 §5.9 introspection answer (CBOR) for a reference token: active, for the fixture's audience,
     * with {@code aif} as scope and this client's Ed25519 key as {@code cnf}.
     */
    public byte[] activeIntrospection(byte[] aifCbor, long seconds) {
        long now = System.currentTimeMillis() / 1000;
        byte[] cnf = TestClaims.w().mapHeader(1).integer(1).mapHeader(3).integer(1).integer(1).integer(-1).integer(6)
                .integer(-2).bytes(popPublicKey()).toByteArray();
        return TestClaims.w().mapHeader(5).integer(10).bool(true).integer(3).text(ProxyFixture.AUDIENCE)
                .integer(4).integer(now + seconds).integer(9).bytes(aifCbor).integer(8).raw(cnf).toByteArray();
    }

    public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, pop);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /** RFC 9431 Figure 4/5: TokenLen(2) | Token [| proof]. */
    public static byte[] authenticationData(byte[] token, byte[] proof) {
        int proofLength = proof == null ? 0 : proof.length;
        byte[] data = new byte[2 + token.length + proofLength];
        data[0] = (byte) (token.length >> 8);
        data[1] = (byte) token.length;
        System.arraycopy(token, 0, data, 2, token.length);
        if (proof != null) {
            System.arraycopy(proof, 0, data, 2 + token.length, proofLength);
        }
        return data;
    }

    /** An AIF-MQTT scope in CBOR: {@code [[filter, ["pub","sub"]]]}. */
    public static byte[] aif(String filter) {
        return TestClaims.w().arrayHeader(1).arrayHeader(2).text(filter).arrayHeader(2).text("pub").text("sub").toByteArray();
    }
}

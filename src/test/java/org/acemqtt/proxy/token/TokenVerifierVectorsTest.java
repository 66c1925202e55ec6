package org.acemqtt.proxy.token;

import static org.acemqtt.proxy.testsupport.Rfc8392Vectors.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.acemqtt.proxy.testsupport.TestScopes;
import org.acemqtt.proxy.token.cose.CoseType;
import org.acemqtt.proxy.token.keys.IssuerKey;
import org.acemqtt.proxy.token.keys.IssuerRegistry;
import org.acemqtt.proxy.token.keys.KeyRing;
import org.acemqtt.proxy.token.keys.TrustedIssuer;
import org.junit.jupiter.api.Test;

/** RFC 8392 Appendix A (SPEC 6.1) and the synthetic profile tokens T1/T2 (SPEC 6.5 f/g) through the verifier. */
class TokenVerifierVectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final Clock RFC_CLOCK = Clock.fixed(Instant.ofEpochSecond(IAT + 60), ZoneOffset.UTC);
    private static final KeyRing RFC_KEYS = new KeyRing(IssuerRegistry.of(new TrustedIssuer(ISSUER,
            List.of(a23PublicKey(), a21Key(), a22KeyWithoutAlg()))));
    /** The RFC examples carry neither scope nor cnf: relaxed only here. */
    private static final TokenVerifierConfig RFC_CONFIG = TokenVerifierConfig.builder(Set.of(AUDIENCE))
            .requirePopKey(false).requireScope(false).build();

    private static VerificationResult verifyRfc(byte[] token) {
        return new TokenVerifier(RFC_CONFIG, RFC_KEYS, TestScopes.NON_EMPTY_ARRAY_OR_TEXT, RFC_CLOCK).verify(token);
    }

    private static void assertA1Claims(AccessToken t) {
        assertThat(t.issuer()).isEqualTo("coap://as.example.com");
        assertThat(t.subject()).contains("erikw");
        assertThat(t.audience()).containsExactly("coap://light.example.com");
        assertThat(t.expiresAt()).contains(Instant.ofEpochSecond(1444064944));
        assertThat(t.notBefore()).contains(Instant.ofEpochSecond(1443944944));
        assertThat(t.issuedAt()).contains(Instant.ofEpochSecond(1443944944));
        assertThat(t.cti()).hasValueSatisfying(c -> assertThat(c).isEqualTo(HEX.parseHex("0b71")));
    }

    @Test
    void a3SignedCwtVerifiesAndDecodesAsTheRfcSays() {
        VerificationResult r = verifyRfc(A3_SIGN1);
        assertThat(r.isSuccess()).as(r.toString()).isTrue();
        assertA1Claims(r.token());
        assertThat(r.token().format()).isEqualTo(CoseType.SIGN1);
        assertThat(r.token().encrypted()).isFalse();
    }

    @Test
    void a4Tag61MacedCwtVerifiesAndDecodesAsTheRfcSays() {
        VerificationResult r = verifyRfc(A4_MAC0);
        assertThat(r.isSuccess()).as(r.toString()).isTrue();
        assertA1Claims(r.token());
        assertThat(r.token().format()).isEqualTo(CoseType.MAC0);
    }

    @Test
    void a5EncryptedCwtDecryptsAndDecodesAsTheRfcSays() {
        VerificationResult r = verifyRfc(A5_ENCRYPT0);
        assertThat(r.isSuccess()).as(r.toString()).isTrue();
        assertA1Claims(r.token());
        assertThat(r.token().encrypted()).isTrue();
    }

    @Test
    void a6NestedCwtDecryptsThenVerifiesTheInnerSignature() {
        VerificationResult r = verifyRfc(A6_NESTED);
        assertThat(r.isSuccess()).as(r.toString()).isTrue();
        assertA1Claims(r.token());
        assertThat(r.token().format()).isEqualTo(CoseType.ENCRYPT0);
        assertThat(r.token().encrypted()).isTrue();
    }

    @Test
    void a7FloatIatVerifiesButHasNoAudienceSoTheVerifierRefusesIt() {
        VerificationResult r = verifyRfc(A7_FLOAT);
        assertThat(r.reason()).isEqualTo(TokenDenyReason.MISSING_AUDIENCE);
    }

    @Test
    void a3IsRefusedWithTheDefaultProfileConfigBecauseItHasNoScope() {
        var verifier = new TokenVerifier(TokenVerifierConfig.builder(Set.of(AUDIENCE)).build(), RFC_KEYS,
                TestScopes.NON_EMPTY_ARRAY_OR_TEXT, RFC_CLOCK);
        assertThat(verifier.verify(A3_SIGN1).reason()).isEqualTo(TokenDenyReason.MISSING_SCOPE);
    }

    @Test
    void aTamperedCopyOfEachAppendixAVectorIsRefused() {
        for (byte[] v : List.of(A3_SIGN1, A4_MAC0, A5_ENCRYPT0, A6_NESTED, A7_FLOAT)) {
            byte[] t = v.clone();
            t[t.length - 3] ^= 0x40;
            assertThat(verifyRfc(t).isSuccess()).isFalse();
        }
    }

    @Test
    void a3AfterItsExpiryIsRefusedAsExpired() {
        var late = Clock.fixed(Instant.ofEpochSecond(1444064944 + 5), ZoneOffset.UTC);
        var r = new TokenVerifier(RFC_CONFIG, RFC_KEYS, TestScopes.NON_EMPTY_ARRAY_OR_TEXT, late).verify(A3_SIGN1);
        assertThat(r.reason()).isEqualTo(TokenDenyReason.EXPIRED);
    }

    // ---- SPEC 6.5 (f) and (g)

    private static final byte[] T1 = HEX.parseHex("d28443a10127a1044a61732d6564323535313958a6a80176636f6170733a2f2f"
            + "61732e6578616d706c652e636f6d03781a6d717474733a2f2f62726f6b65722e6578616d706c652e636f6d041a77359400061a"
            + "6553f100074101095830838266746f706963318263707562637375628268746f706963322f23816370756282682b2f746f7069"
            + "6333816373756208a101a3010120062158203d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c18"
            + "260358401ca28c517a97624de600c9f5047791001f17fd165810fcd6dc89719b57131361400b4940388b2c5cf89b3db59fdba3"
            + "ce33a962c7b4785572d92986f2967fbb0f");
    private static final byte[] T2 = HEX.parseHex("d83dd18443a10105a1044c53796d6d65747269633235365889a80176636f61"
            + "70733a2f2f61732e6578616d706c652e636f6d03781a6d717474733a2f2f62726f6b65722e6578616d706c652e636f6d041a77"
            + "359400061a6553f100074102095830838266746f706963318263707562637375628268746f706963322f23816370756282682b"
            + "2f746f70696333816373756208a1034a70736b2d6b69642d30311826035820a2e2a6c4152a2c9ece778f3a58f34e099304814c"
            + "bb3c82fb90256973780ab936");
    private static final Clock PROFILE_CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_100L), ZoneOffset.UTC);
    private static final KeyRing PROFILE_KEYS = new KeyRing(IssuerRegistry.of(new TrustedIssuer(
            "coaps://as.example.com", List.of(
                    IssuerKey.ed25519("as-ed25519".getBytes(), -8,
                            HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")),
                    a22KeyWithoutAlg()))));

    private static VerificationResult verifyProfile(byte[] token) {
        return new TokenVerifier(TokenVerifierConfig.builder(Set.of("mqtts://broker.example.com")).build(),
                PROFILE_KEYS, TestScopes.NON_EMPTY_ARRAY_OR_TEXT, PROFILE_CLOCK).verify(token);
    }

    @Test
    void t1EdDsaProfileTokenVerifiesWithItsEd25519PopKeyAndAifScope() {
        VerificationResult r = verifyProfile(T1);
        assertThat(r.isSuccess()).as(r.toString()).isTrue();
        AccessToken t = r.token();
        assertThat(t.aceProfile()).contains(3);
        assertThat(t.expiresAt()).contains(Instant.ofEpochSecond(2_000_000_000L));
        assertThat(t.scope().kind()).isEqualTo(ScopeClaim.Kind.BSTR_CBOR);
        assertThat(HEX.formatHex(t.scope().bytes())).startsWith("838266746f70696331");
        assertThat(t.popKey()).isInstanceOf(PopKey.Ed25519.class);
        assertThat(((PopKey.Ed25519) t.popKey()).x())
                .isEqualTo(HEX.parseHex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"));
        assertThat(t.tokenSha256()).hasSize(32);
        assertThat(t.toString()).doesNotContain("3d4017c3");
    }

    @Test
    void t2Tag61Mac0ProfileTokenVerifiesWithACnfKidReference() {
        VerificationResult r = verifyProfile(T2);
        assertThat(r.isSuccess()).as(r.toString()).isTrue();
        assertThat(r.token().popKey()).isInstanceOf(PopKey.KidReference.class);
        assertThat(r.token().popKey().kid()).isEqualTo("psk-kid-01".getBytes());
    }

    @Test
    void t1WithAnotherConfiguredProfileIsRefused() {
        var r = new TokenVerifier(TokenVerifierConfig.builder(Set.of("mqtts://broker.example.com")).aceProfile(6)
                .build(), PROFILE_KEYS, TestScopes.NON_EMPTY_ARRAY_OR_TEXT, PROFILE_CLOCK).verify(T1);
        assertThat(r.reason()).isEqualTo(TokenDenyReason.PROFILE_MISMATCH);
    }
}

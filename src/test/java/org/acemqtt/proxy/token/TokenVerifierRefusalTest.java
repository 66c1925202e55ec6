package org.acemqtt.proxy.token;

import static org.acemqtt.proxy.testsupport.TestClaims.AUDIENCE;
import static org.acemqtt.proxy.testsupport.TestClaims.ISSUER;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.acemqtt.proxy.testsupport.TestClaims;
import org.acemqtt.proxy.testsupport.TestKey;
import org.acemqtt.proxy.testsupport.TestScopes;
import org.acemqtt.proxy.testsupport.TestTokens;
import org.acemqtt.proxy.token.cbor.CborWriter;
import org.acemqtt.proxy.token.cose.CoseAlgorithm;
import org.acemqtt.proxy.token.keys.IssuerRegistry;
import org.acemqtt.proxy.token.keys.KeyRing;
import org.acemqtt.proxy.token.keys.TrustedIssuer;
import org.junit.jupiter.api.Test;

/** Every refusal of issue 3 on generated tokens: one security property per test. */
class TokenVerifierRefusalTest {
    static final long NOW = 1_700_000_100L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    static final TestKey ES256 = TestKey.ecdsa(CoseAlgorithm.ES256, "es256");
    static final TestKey ED = TestKey.ed25519("ed");
    static final TestKey HS = TestKey.symmetric(CoseAlgorithm.HMAC_256_256, "hs");
    static final TestKey GCM = TestKey.symmetric(CoseAlgorithm.A128GCM, "gcm");
    static final KeyRing KEYS = new KeyRing(IssuerRegistry.of(new TrustedIssuer(ISSUER,
            List.of(ES256.issuerKey(), ED.issuerKey(), HS.issuerKey(), GCM.issuerKey()))));

    static VerificationResult verify(byte[] token) {
        return verify(TokenVerifierConfig.builder(Set.of(AUDIENCE)).build(), token);
    }

    static VerificationResult verify(TokenVerifierConfig cfg, byte[] token) {
        return new TokenVerifier(cfg, KEYS, TestScopes.NON_EMPTY_ARRAY_OR_TEXT, CLOCK).verify(token);
    }

    static void assertRefused(byte[] token, TokenDenyReason reason) {
        assertThat(verify(token).reason()).as(() -> verify(token).toString()).isEqualTo(reason);
    }

    static TestClaims valid() {
        return TestClaims.valid(NOW);
    }

    @Test
    void validTokensOfEveryStructureAreAccepted() {
        for (byte[] t : List.of(TestTokens.sign1(ES256).claims(valid()).build(),
                TestTokens.sign1(ED).claims(valid()).tag61().build(),
                TestTokens.mac0(HS).claims(valid()).build(),
                TestTokens.encrypt0(GCM).claims(valid()).build())) {
            assertThat(verify(t).isSuccess()).as(verify(t).toString()).isTrue();
        }
    }

    @Test
    void aTokenSignedByAnUnknownKeyWithAKnownKidIsRefusedAsBadSignature() {
        TestKey impostor = TestKey.ecdsa(CoseAlgorithm.ES256, "es256");
        assertRefused(TestTokens.sign1(impostor).claims(valid()).build(), TokenDenyReason.BAD_SIGNATURE);
    }

    @Test
    void anUnknownKidIsRefused() {
        assertRefused(TestTokens.sign1(TestKey.ed25519("nobody")).claims(valid()).build(),
                TokenDenyReason.UNKNOWN_KID);
    }

    @Test
    void aKidWhoseKeyHasTheWrongTypeForTheAlgIsRefused() {
        byte[] t = TestTokens.sign1(ES256).claims(valid()).header(false, 4, new CborWriter().bytes("ed".getBytes())
                .toByteArray()).build();
        assertRefused(t, TokenDenyReason.KEY_ALG_MISMATCH);
    }

    @Test
    void aKeyRestrictedToHmacCannotBeUsedAsAnAesKey() {
        TestKey aes = TestKey.symmetric(CoseAlgorithm.A256GCM, "hs", new byte[32]);
        var keys = new KeyRing(IssuerRegistry.of(new TrustedIssuer(ISSUER,
                List.of(aes.issuerKey().withAlg(CoseAlgorithm.HMAC_256_256.id())))));
        var r = new TokenVerifier(TokenVerifierConfig.builder(Set.of(AUDIENCE)).build(), keys,
                TestScopes.NON_EMPTY_ARRAY_OR_TEXT, CLOCK).verify(TestTokens.encrypt0(aes).claims(valid()).build());
        assertThat(r.reason()).isEqualTo(TokenDenyReason.KEY_ALG_MISMATCH);
    }

    @Test
    void aTokenWithoutAlgIsRefused() {
        assertRefused(TestTokens.sign1(ES256).claims(valid()).noAlg().build(), TokenDenyReason.ALG_MISSING_OR_NONE);
    }

    @Test
    void anAlgOnlyInTheUnprotectedBucketIsRefused() {
        byte[] t = TestTokens.mac0(HS).claims(valid()).noAlg()
                .header(false, 1, new CborWriter().integer(5).toByteArray()).build();
        assertRefused(t, TokenDenyReason.ALG_MISSING_OR_NONE);
    }

    @Test
    void algNoneIsRefused() {
        byte[] t = TestTokens.sign1(ES256).claims(valid()).header(true, 1, new CborWriter().text("none")
                .toByteArray()).build();
        assertRefused(t, TokenDenyReason.ALG_MISSING_OR_NONE);
    }

    @Test
    void anUnknownAlgIsRefused() {
        assertRefused(TestTokens.sign1(ES256).claims(valid()).algId(-999).build(), TokenDenyReason.UNSUPPORTED_ALG);
    }

    @Test
    void aMacAlgInASign1IsRefused() {
        assertRefused(TestTokens.sign1(ES256).claims(valid()).algId(5).build(), TokenDenyReason.UNSUPPORTED_ALG);
    }

    @Test
    void aCritHeaderWithAnUnknownLabelIsRefused() {
        byte[] t = TestTokens.sign1(ES256).claims(valid()).header(true, 2, new CborWriter().arrayHeader(1)
                .integer(99).toByteArray()).header(true, 99, new CborWriter().integer(1).toByteArray()).build();
        assertRefused(t, TokenDenyReason.UNKNOWN_CRITICAL_HEADER);
    }

    @Test
    void aCritHeaderNamingOnlyUnderstoodLabelsIsAccepted() {
        byte[] t = TestTokens.sign1(ES256).claims(valid()).header(true, 2, new CborWriter().arrayHeader(1)
                .integer(1).toByteArray()).build();
        assertThat(verify(t).isSuccess()).isTrue();
    }

    @Test
    void anEmptyProtectedMapEncodedAsA0IsRefused() {
        byte[] t = TestTokens.sign1(ES256).claims(valid()).protectedRaw(new byte[] {(byte) 0xa0}).build();
        assertRefused(t, TokenDenyReason.MALFORMED_COSE);
    }

    @Test
    void aHeaderInBothBucketsIsRefused() {
        byte[] t = TestTokens.sign1(ES256).claims(valid()).header(true, 4, new CborWriter().bytes("es256".getBytes())
                .toByteArray()).build();
        assertRefused(t, TokenDenyReason.MALFORMED_COSE);
    }

    @Test
    void anExpiredTokenIsRefused() {
        assertRefused(TestTokens.sign1(ES256).claims(valid().exp(NOW - 6)).build(), TokenDenyReason.EXPIRED);
    }

    @Test
    void aTokenExpiredWithinTheClockSkewIsAccepted() {
        assertThat(verify(TestTokens.sign1(ES256).claims(valid().exp(NOW - 4)).build()).isSuccess()).isTrue();
    }

    @Test
    void aTokenWhoseNbfIsBeyondTheSkewIsRefusedAsNotYetValid() {
        assertRefused(TestTokens.sign1(ES256).claims(valid().nbf(NOW + 6)).build(), TokenDenyReason.NOT_YET_VALID);
    }

    @Test
    void aTokenWhoseNbfIsWithinTheSkewIsAccepted() {
        assertThat(verify(TestTokens.sign1(ES256).claims(valid().nbf(NOW + 4)).build()).isSuccess()).isTrue();
    }

    @Test
    void aTokenWithoutExpiryIsRefusedOnlyWhenExpiryIsRequired() {
        byte[] t = TestTokens.sign1(ES256).claims(valid().remove(4)).build();
        assertThat(verify(t).isSuccess()).isTrue();
        assertThat(verify(TokenVerifierConfig.builder(Set.of(AUDIENCE)).requireExpiry(true).build(), t).reason())
                .isEqualTo(TokenDenyReason.MISSING_EXPIRY);
    }

    @Test
    void exiSetsTheEffectiveExpiryFromTheReceiptTime() {
        AccessToken t = verify(TestTokens.sign1(ES256).claims(valid().exi(60)).build()).token();
        assertThat(t.effectiveExpiry()).contains(Instant.ofEpochSecond(NOW + 60));
        assertThat(t.isExpired(Instant.ofEpochSecond(NOW + 60))).isTrue();
    }

    @Test
    void aWrongAudienceStringIsRefused() {
        assertRefused(TestTokens.sign1(ES256).claims(valid().aud("mqtts://other")).build(),
                TokenDenyReason.AUDIENCE_MISMATCH);
    }

    @Test
    void aWrongAudienceArrayIsRefused() {
        assertRefused(TestTokens.sign1(ES256).claims(valid().audArray("a", "b")).build(),
                TokenDenyReason.AUDIENCE_MISMATCH);
    }

    @Test
    void anAudienceArraySharingOneMemberIsAccepted() {
        assertThat(verify(TestTokens.sign1(ES256).claims(valid().audArray("a", AUDIENCE)).build()).isSuccess())
                .isTrue();
    }

    @Test
    void aTokenWithoutAudienceIsRefused() {
        assertRefused(TestTokens.sign1(ES256).claims(valid().remove(3)).build(), TokenDenyReason.MISSING_AUDIENCE);
    }

    @Test
    void aWrongIssuerIsRefused() {
        assertRefused(TestTokens.sign1(ES256).claims(valid().iss("https://evil.example")).build(),
                TokenDenyReason.ISSUER_MISMATCH);
    }

    @Test
    void aKeyOfOneIssuerCannotVouchForAnotherIssuersName() {
        TestKey other = TestKey.ed25519("other");
        var keys = new KeyRing(IssuerRegistry.of(new TrustedIssuer(ISSUER, List.of(ES256.issuerKey())),
                new TrustedIssuer("https://as2.example.com", List.of(other.issuerKey()))));
        var r = new TokenVerifier(TokenVerifierConfig.builder(Set.of(AUDIENCE)).build(), keys,
                TestScopes.NON_EMPTY_ARRAY_OR_TEXT, CLOCK).verify(TestTokens.sign1(other).claims(valid()).build());
        assertThat(r.reason()).isEqualTo(TokenDenyReason.ISSUER_MISMATCH);
    }

    @Test
    void anotherAceProfileIsRefused() {
        assertRefused(TestTokens.sign1(ES256).claims(valid().aceProfile(1)).build(), TokenDenyReason.PROFILE_MISMATCH);
    }

    @Test
    void aTextualAceProfileIsRefusedInCbor() {
        assertRefused(TestTokens.sign1(ES256).claims(valid().set(38, new CborWriter().text("mqtt_tls").toByteArray()))
                .build(), TokenDenyReason.PROFILE_MISMATCH);
    }

    @Test
    void aMalformedScopeIsRefused() {
        assertRefused(TestTokens.sign1(ES256).claims(valid().scopeBstr(new byte[] {(byte) 0xa0})).build(),
                TokenDenyReason.MALFORMED_SCOPE);
        assertRefused(TestTokens.sign1(ES256).claims(valid().set(9, new CborWriter().integer(7).toByteArray()))
                .build(), TokenDenyReason.MALFORMED_SCOPE);
    }

    @Test
    void scopeAsAnInlineArrayOrTextIsPassedToTheParserWithItsKind() {
        byte[] array = TestClaims.AIF;
        AccessToken a = verify(TestTokens.sign1(ES256).claims(valid().scopeArray(array)).build()).token();
        assertThat(a.scope().kind()).isEqualTo(ScopeClaim.Kind.CBOR_ARRAY);
        assertThat(a.scope().bytes()).isEqualTo(array);
        AccessToken t = verify(TestTokens.sign1(ES256).claims(valid().scopeText("read")).build()).token();
        assertThat(t.scope().text()).isEqualTo("read");
    }

    @Test
    void aTokenWithoutScopeIsRefused() {
        assertRefused(TestTokens.sign1(ES256).claims(valid().remove(9)).build(), TokenDenyReason.MISSING_SCOPE);
    }

    @Test
    void aTokenWithoutCnfIsRefused() {
        assertRefused(TestTokens.sign1(ES256).claims(valid().remove(8)).build(), TokenDenyReason.MISSING_CNF);
    }

    @Test
    void aSymmetricPopKeyInTheClearInASign1IsRefused() {
        assertRefused(TestTokens.sign1(ES256).claims(valid().cnfSymmetric(new byte[32], "k".getBytes())).build(),
                TokenDenyReason.UNENCRYPTED_SYMMETRIC_POP_KEY);
    }

    @Test
    void aSymmetricPopKeyInTheClearInAMac0IsRefused() {
        assertRefused(TestTokens.mac0(HS).claims(valid().cnfSymmetric(new byte[32], "k".getBytes())).build(),
                TokenDenyReason.UNENCRYPTED_SYMMETRIC_POP_KEY);
    }

    @Test
    void aSymmetricPopKeyInTheClearIsAcceptedWhenConfigured() {
        var cfg = TokenVerifierConfig.builder(Set.of(AUDIENCE)).allowUnencryptedSymmetricPopKey(true).build();
        var r = verify(cfg, TestTokens.mac0(HS).claims(valid().cnfSymmetric(new byte[32], "k".getBytes())).build());
        assertThat(r.token().popKey()).isInstanceOf(PopKey.Symmetric.class);
    }

    @Test
    void aSymmetricPopKeyInsideAnEncrypt0IsAccepted() {
        byte[] k = new byte[32];
        AccessToken t = verify(TestTokens.encrypt0(GCM).claims(valid().cnfSymmetric(k, "k1".getBytes())).build())
                .token();
        assertThat(((PopKey.Symmetric) t.popKey()).key()).isEqualTo(k);
        assertThat(t.toString()).doesNotContain("0000000000");
    }

    @Test
    void anEncryptedCoseKeyInASign1IsDecryptedWithTheIssuersKey() {
        byte[] k = "0123456789abcdef0123456789abcdef".getBytes();
        byte[] encKey = TestTokens.encrypt0(GCM).untagged().payload(TestClaims.symmetricCoseKey(k, "k2".getBytes()))
                .build();
        AccessToken t = verify(TestTokens.sign1(ES256).claims(valid().cnfEncrypted(encKey)).build()).token();
        assertThat(((PopKey.Symmetric) t.popKey()).key()).isEqualTo(k);
        assertThat(t.popKey().kid()).isEqualTo("k2".getBytes());
    }

    @Test
    void aPopKeyWithAPrivatePartIsRefused() {
        byte[] cnf = new CborWriter().mapHeader(1).integer(1).mapHeader(4).integer(1).integer(1).integer(-1)
                .integer(6).integer(-2).bytes(new byte[32]).integer(-4).bytes(new byte[32]).toByteArray();
        assertRefused(TestTokens.sign1(ES256).claims(valid().set(8, cnf)).build(), TokenDenyReason.MALFORMED_CNF);
    }

    @Test
    void anEcPopKeyNotOnTheCurveIsRefused() {
        byte[] cnf = new CborWriter().mapHeader(1).integer(1).mapHeader(4).integer(1).integer(2).integer(-1)
                .integer(1).integer(-2).bytes(new byte[32]).integer(-3).bytes(new byte[32]).toByteArray();
        assertRefused(TestTokens.sign1(ES256).claims(valid().set(8, cnf)).build(), TokenDenyReason.MALFORMED_CNF);
    }

    @Test
    void anEcP256PopKeyGivesTheRawPublicKeyThumbprint() throws Exception {
        var pub = (org.bouncycastle.crypto.params.ECPublicKeyParameters) TestKey.ecdsa(CoseAlgorithm.ES256, "p")
                .issuerKey().publicKey();
        byte[] x = pub.getQ().normalize().getAffineXCoord().getEncoded();
        byte[] y = pub.getQ().normalize().getAffineYCoord().getEncoded();
        byte[] cnf = new CborWriter().mapHeader(1).integer(1).mapHeader(4).integer(1).integer(2).integer(-1)
                .integer(1).integer(-2).bytes(x).integer(-3).bytes(y).toByteArray();
        AccessToken t = verify(TestTokens.sign1(ES256).claims(valid().set(8, cnf)).build()).token();
        byte[] spki = new org.bouncycastle.asn1.x509.SubjectPublicKeyInfo(new org.bouncycastle.asn1.x509
                .AlgorithmIdentifier(org.bouncycastle.asn1.x9.X9ObjectIdentifiers.id_ecPublicKey,
                org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1), pub.getQ().getEncoded(false))
                .getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER);
        assertThat(t.popKey().publicKeySha256()).isEqualTo(sha256(spki));
    }

    @Test
    void aCnonceIsRequiredAndCheckedWhenTheProxyIssuedOne() {
        byte[] issued = {9, 9, 9};
        var cfg = TokenVerifierConfig.builder(Set.of(AUDIENCE))
                .cnonceValidator(c -> java.util.Arrays.equals(c, issued)).build();
        assertThat(verify(cfg, TestTokens.sign1(ES256).claims(valid()).build()).reason())
                .isEqualTo(TokenDenyReason.MISSING_CNONCE);
        assertThat(verify(cfg, TestTokens.sign1(ES256).claims(valid().cnonce(new byte[] {1})).build()).reason())
                .isEqualTo(TokenDenyReason.CNONCE_MISMATCH);
        assertThat(verify(cfg, TestTokens.sign1(ES256).claims(valid().cnonce(issued)).build()).isSuccess()).isTrue();
    }

    @Test
    void aClaimOfTheWrongTypeIsRefusedAsMalformedClaims() {
        assertRefused(TestTokens.sign1(ES256).claims(valid().set(4, new CborWriter().text("tomorrow").toByteArray()))
                .build(), TokenDenyReason.MALFORMED_CLAIMS);
    }

    @Test
    void aTooLargeTokenIsRefusedBeforeParsing() {
        assertRefused(new byte[TokenVerifierConfig.DEFAULT_MAX_TOKEN_BYTES + 1], TokenDenyReason.TOO_LARGE);
    }

    @Test
    void untaggedCoseIsRefused() {
        assertRefused(TestTokens.sign1(ES256).claims(valid()).untagged().build(),
                TokenDenyReason.UNSUPPORTED_COSE_STRUCTURE);
    }

    @Test
    void moreThanThreeNestedLayersAreRefused() {
        byte[] t = TestTokens.sign1(ES256).claims(valid()).build();
        for (int i = 0; i < 3; i++) {
            t = TestTokens.encrypt0(GCM).payload(t).build();
        }
        assertRefused(t, TokenDenyReason.NESTING_TOO_DEEP);
    }

    static byte[] sha256(byte[] in) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(in);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

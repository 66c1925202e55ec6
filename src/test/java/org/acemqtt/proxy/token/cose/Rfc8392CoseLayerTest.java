package org.acemqtt.proxy.token.cose;

import static org.acemqtt.proxy.testsupport.Rfc8392Vectors.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.acemqtt.proxy.token.TokenDenyReason;
import org.acemqtt.proxy.token.TokenRefusedException;
import org.acemqtt.proxy.token.cbor.CborReader;
import org.acemqtt.proxy.token.keys.CoseKeySetParser;
import org.acemqtt.proxy.token.keys.IssuerKey;
import org.acemqtt.proxy.token.keys.IssuerRegistry;
import org.acemqtt.proxy.token.keys.TrustedIssuer;
import org.junit.jupiter.api.Test;

/** RFC 8392 Appendix A at the COSE layer: verify/decrypt to exactly the bytes the RFC shows. */
class Rfc8392CoseLayerTest {
    private static final IssuerRegistry KEYS = IssuerRegistry.of(new TrustedIssuer(ISSUER,
            List.of(a23PublicKey(), a21Key(), a22KeyWithoutAlg())));

    private static VerifiedLayer open(byte[] token) throws Exception {
        return CoseVerifier.verify(CoseMessage.parse(CborReader.decode(token), null), KEYS);
    }

    @Test
    void a3Es256SignatureVerifiesAndCarriesTheA1Claims() throws Exception {
        VerifiedLayer l = open(A3_SIGN1);
        assertThat(l.alg()).isEqualTo(CoseAlgorithm.ES256);
        assertThat(l.content().toByteArray()).isEqualTo(A1_CLAIMS);
    }

    @Test
    void a4Tag61Mac0Hmac256Over64Verifies() throws Exception {
        VerifiedLayer l = open(A4_MAC0);
        assertThat(l.alg()).isEqualTo(CoseAlgorithm.HMAC_256_64);
        assertThat(l.content().toByteArray()).isEqualTo(A1_CLAIMS);
    }

    @Test
    void a5AesCcmEncrypt0DecryptsToTheA1Claims() throws Exception {
        VerifiedLayer l = open(A5_ENCRYPT0);
        assertThat(l.alg()).isEqualTo(CoseAlgorithm.AES_CCM_16_64_128);
        assertThat(l.content().toByteArray()).isEqualTo(A1_CLAIMS);
    }

    @Test
    void a6NestedEncrypt0DecryptsToTheA3Sign1() throws Exception {
        assertThat(open(A6_NESTED).content().toByteArray()).isEqualTo(A3_SIGN1);
    }

    @Test
    void a7MacOverAFloatIatVerifies() throws Exception {
        assertThat(open(A7_FLOAT).content().toByteArray()).isEqualTo(java.util.HexFormat.of()
                .parseHex("a106fb41d584367c200000"));
    }

    @Test
    void theA22KeyAsPublishedIsRefusedForHmacBecauseItSaysAlg10() throws Exception {
        IssuerKey published = CoseKeySetParser.parseKey(CborReader.decode(A22_KEY));
        assertThat(published.alg()).isEqualTo(10);
        var registry = IssuerRegistry.of(new TrustedIssuer(ISSUER, List.of(published)));
        assertThatThrownBy(() -> CoseVerifier.verify(CoseMessage.parse(CborReader.decode(A4_MAC0), null), registry))
                .isInstanceOf(TokenRefusedException.class)
                .extracting(e -> ((TokenRefusedException) e).reason()).isEqualTo(TokenDenyReason.KEY_ALG_MISMATCH);
    }

    @Test
    void theA21KeyAsPublishedDecryptsA5() throws Exception {
        IssuerKey published = CoseKeySetParser.parseKey(CborReader.decode(A21_KEY));
        var registry = IssuerRegistry.of(new TrustedIssuer(ISSUER, List.of(published)));
        VerifiedLayer l = CoseVerifier.verify(CoseMessage.parse(CborReader.decode(A5_ENCRYPT0), null), registry);
        assertThat(l.content().toByteArray()).isEqualTo(A1_CLAIMS);
    }

    @Test
    void aTamperedCopyOfEachAppendixAVectorIsRefused() {
        for (byte[] vector : List.of(A3_SIGN1, A4_MAC0, A5_ENCRYPT0, A6_NESTED, A7_FLOAT)) {
            byte[] t = vector.clone();
            t[t.length - 1] ^= 0x01;
            assertThatThrownBy(() -> open(t)).isInstanceOf(TokenRefusedException.class);
        }
    }
}

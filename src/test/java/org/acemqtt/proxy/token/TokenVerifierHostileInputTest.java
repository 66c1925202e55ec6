package org.acemqtt.proxy.token;

import static org.acemqtt.proxy.token.TokenVerifierRefusalTest.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.acemqtt.proxy.testsupport.TestTokens;
import org.acemqtt.proxy.token.cbor.CborArray;
import org.acemqtt.proxy.token.cbor.CborBytes;
import org.acemqtt.proxy.token.cbor.CborReader;
import org.acemqtt.proxy.token.cbor.CborTag;
import org.junit.jupiter.api.Test;

/** Tampered, truncated and hostile CBOR: refused with a reason, never an exception. */
class TokenVerifierHostileInputTest {
    private static final byte[] SIGN1 = TestTokens.sign1(ES256).claims(valid()).build();
    private static final byte[] MAC0 = TestTokens.mac0(HS).claims(valid()).build();
    private static final byte[] ENC0 = TestTokens.encrypt0(GCM).claims(valid()).build();

    /** The parts of a tagged COSE message: [protected, unprotected(skipped), payload/ciphertext, tag]. */
    private static List<CborBytes> parts(byte[] token) throws Exception {
        CborArray a = (CborArray) ((CborTag) CborReader.decode(token)).content();
        return a.size() == 4 ? List.of((CborBytes) a.get(0), (CborBytes) a.get(2), (CborBytes) a.get(3))
                : List.of((CborBytes) a.get(0), (CborBytes) a.get(2));
    }

    private static byte[] flipMiddleBit(byte[] token, CborBytes part) {
        byte[] t = token.clone();
        t[part.offset() + part.length() / 2] ^= 0x10;
        return t;
    }

    @Test
    void oneBitFlippedInTheSign1PayloadOrSignatureIsABadSignature() throws Exception {
        List<CborBytes> p = parts(SIGN1);
        assertRefused(flipMiddleBit(SIGN1, p.get(1)), TokenDenyReason.BAD_SIGNATURE);
        assertRefused(flipMiddleBit(SIGN1, p.get(2)), TokenDenyReason.BAD_SIGNATURE);
        assertThat(verify(flipMiddleBit(SIGN1, p.get(0))).isSuccess()).isFalse();
    }

    @Test
    void oneBitFlippedInTheMac0PayloadOrTagIsABadMac() throws Exception {
        List<CborBytes> p = parts(MAC0);
        assertRefused(flipMiddleBit(MAC0, p.get(1)), TokenDenyReason.BAD_MAC);
        assertRefused(flipMiddleBit(MAC0, p.get(2)), TokenDenyReason.BAD_MAC);
        assertThat(verify(flipMiddleBit(MAC0, p.get(0))).isSuccess()).isFalse();
    }

    @Test
    void oneBitFlippedInTheEncrypt0CiphertextOrTagFailsDecryption() throws Exception {
        List<CborBytes> p = parts(ENC0);
        assertRefused(flipMiddleBit(ENC0, p.get(1)), TokenDenyReason.DECRYPTION_FAILED);
        byte[] lastTagByte = ENC0.clone();
        lastTagByte[lastTagByte.length - 1] ^= 0x01;
        assertRefused(lastTagByte, TokenDenyReason.DECRYPTION_FAILED);
        assertThat(verify(flipMiddleBit(ENC0, p.get(0))).isSuccess()).isFalse();
    }

    @Test
    void everySingleBitFlipInTheProtectedHeaderPayloadAndTagIsRefused() throws Exception {
        for (byte[] token : List.of(SIGN1, MAC0, ENC0)) {
            for (CborBytes part : parts(token)) {
                for (int i = part.offset(); i < part.offset() + part.length(); i++) {
                    for (int bit = 0; bit < 8; bit++) {
                        byte[] t = token.clone();
                        t[i] ^= (byte) (1 << bit);
                        assertThat(verify(t).isSuccess()).as("byte %d bit %d", i, bit).isFalse();
                    }
                }
            }
        }
    }

    @Test
    void everyTruncationOfAValidTokenIsMalformedCbor() {
        for (byte[] token : List.of(SIGN1, MAC0, ENC0)) {
            for (int n = 0; n < token.length; n++) {
                assertRefused(Arrays.copyOf(token, n), TokenDenyReason.MALFORMED_CBOR);
            }
        }
    }

    @Test
    void trailingGarbageIsMalformedCbor() {
        byte[] t = Arrays.copyOf(SIGN1, SIGN1.length + 1);
        assertRefused(t, TokenDenyReason.MALFORMED_CBOR);
    }

    @Test
    void tenThousandDeepNestingIsMalformedCborWithoutStackOverflow() {
        byte[] deep = new byte[10_000];
        Arrays.fill(deep, (byte) 0x81);
        assertRefused(deep, TokenDenyReason.MALFORMED_CBOR);
        byte[] deepTags = new byte[10_000];
        Arrays.fill(deepTags, (byte) 0xd2);
        assertRefused(deepTags, TokenDenyReason.MALFORMED_CBOR);
    }

    @Test
    void hugeDeclaredLengthsAreMalformedCborWithoutAllocation() {
        assertRefused(HexFormat.of().parseHex("d2845bffffffffffffffff"), TokenDenyReason.MALFORMED_CBOR);
        assertRefused(HexFormat.of().parseHex("d2849b7fffffffffffffff"), TokenDenyReason.MALFORMED_CBOR);
        assertRefused(HexFormat.of().parseHex("d284bb7fffffffffffffff"), TokenDenyReason.MALFORMED_CBOR);
    }

    @Test
    void duplicateKeysInTheSignedClaimsAreRefused() {
        byte[] claims = HexFormat.of().parseHex("a2016161016162");
        assertRefused(TestTokens.sign1(ES256).payload(claims).build(), TokenDenyReason.MALFORMED_CLAIMS);
    }

    @Test
    void duplicateKeysInTheUnprotectedHeaderAreMalformedCbor() {
        // 18([h'a10126', {4: h'65', 4: h'65'}, h'a0', h'00'])
        byte[] dup = HexFormat.of().parseHex("d28443a10126a204416504416541a04100");
        assertRefused(dup, TokenDenyReason.MALFORMED_CBOR);
    }

    @Test
    void indefiniteLengthItemsAreRefusedOutsideAndInsideTheSignedPayload() {
        assertRefused(HexFormat.of().parseHex("d29f43a10126a0404100ff"), TokenDenyReason.MALFORMED_CBOR);
        byte[] indefiniteClaims = HexFormat.of().parseHex("bf016161ff"); // {_ 1: "a"}
        assertRefused(TestTokens.sign1(ES256).payload(indefiniteClaims).build(), TokenDenyReason.MALFORMED_CLAIMS);
    }
}

package org.acemqtt.proxy.token.cbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CborReaderTest {
    private static final HexFormat HEX = HexFormat.of();

    private static CborItem decode(String hex) throws CborException {
        return CborReader.decode(HEX.parseHex(hex));
    }

    private static void assertRefused(String hex, String messagePart) {
        assertThatThrownBy(() -> decode(hex)).isInstanceOf(CborException.class).hasMessageContaining(messagePart);
    }

    @Test
    void integerMapKeysStayIntegersAndTagsArePreserved() throws Exception {
        CborItem item = decode("d83da201182a2063616263"); // 61({1: 42, -1: "abc"})
        assertThat(item).isInstanceOf(CborTag.class);
        CborTag tag = (CborTag) item;
        assertThat(tag.tag()).isEqualTo(61);
        CborMap map = (CborMap) tag.content();
        assertThat(map.get(1)).isEqualTo(new CborInt(42));
        assertThat(map.get(-1)).isEqualTo(new CborText("abc"));
    }

    @Test
    void floatsOfAllWidthsDecode() throws Exception {
        assertThat(decode("f93c00")).isEqualTo(new CborFloat(1.0));
        assertThat(decode("f9c400")).isEqualTo(new CborFloat(-4.0));
        assertThat(decode("fa47c35000")).isEqualTo(new CborFloat(100000.0));
        assertThat(decode("fb41d584367c200000")).isEqualTo(new CborFloat(1443944944.5));
    }

    @Test
    void arrayRemembersItsEncodedBytes() throws Exception {
        CborMap map = (CborMap) decode("a10983010263616263");
        assertThat(((CborArray) map.get(9)).encoded()).isEqualTo(HEX.parseHex("83010263616263"));
    }

    @Test
    void nonShortestIntegerKeysAreComparedByValue() {
        assertRefused("a2010118010102", "duplicate map key");
    }

    @Test
    void duplicateMapKeysAreRefused() {
        assertRefused("a201010102", "duplicate map key");
        assertRefused("a2616101616102", "duplicate map key");
    }

    @Test
    void duplicateKeysInLargeMapsAreRefused() {
        StringBuilder hex = new StringBuilder("aa");
        for (int i = 0; i < 9; i++) {
            hex.append(String.format("%02x", i)).append("00");
        }
        hex.append("0300");
        assertRefused(hex.toString(), "duplicate map key");
    }

    @Test
    void truncatedInputIsRefused() {
        assertRefused("a20101", "exceeds");
        assertRefused("a20101021900", "truncated");
        assertRefused("5820aabb", "exceeds");
        assertRefused("19", "truncated");
    }

    @Test
    void trailingBytesAreRefused() {
        assertRefused("0100", "trailing");
    }

    @Test
    void indefiniteLengthItemsAreRefused() {
        assertRefused("9f01ff", "indefinite");
        assertRefused("bf0101ff", "indefinite");
        assertRefused("5f4101ff", "indefinite");
        assertRefused("7f6161ff", "indefinite");
        assertRefused("ff", "break");
    }

    @Test
    void hugeDeclaredLengthsAreRefusedWithoutAllocating() {
        assertRefused("5bffffffffffffffff", "exceeds");
        assertRefused("5b7fffffffffffffff", "exceeds");
        assertRefused("9b7fffffffffffffff", "exceeds");
        assertRefused("bb00000000ffffffff00", "exceeds");
        assertRefused("7a7fffffff", "exceeds");
    }

    @Test
    void tenThousandDeepNestingIsRefusedWithoutStackOverflow() {
        byte[] deep = new byte[10_001];
        java.util.Arrays.fill(deep, (byte) 0x81);
        deep[10_000] = 0x01;
        assertThatThrownBy(() -> CborReader.decode(deep)).isInstanceOf(CborException.class)
                .hasMessageContaining("nesting");
        byte[] deepTags = new byte[10_001];
        java.util.Arrays.fill(deepTags, (byte) 0xc1);
        deepTags[10_000] = 0x01;
        assertThatThrownBy(() -> CborReader.decode(deepTags)).isInstanceOf(CborException.class);
    }

    @Test
    void nestingUpToTheLimitIsAccepted() throws Exception {
        byte[] ok = new byte[CborReader.DEFAULT_MAX_DEPTH + 1];
        java.util.Arrays.fill(ok, (byte) 0x81);
        ok[ok.length - 1] = 0x01;
        assertThat(CborReader.decode(ok)).isInstanceOf(CborArray.class);
    }

    @Test
    void inputLargerThanTheLimitIsRefused() {
        byte[] big = new byte[100];
        assertThatThrownBy(() -> CborReader.decode(big, 0, big.length, 16, 99))
                .isInstanceOf(CborException.class).hasMessageContaining("exceeds the limit");
    }

    @Test
    void invalidUtf8IsRefused() {
        assertRefused("62c328", "UTF-8");
    }

    @Test
    void unsupportedSimpleValuesAndReservedInfoAreRefused() {
        assertRefused("f820", "simple");
        assertRefused("e0", "simple");
        assertRefused("1c", "reserved");
    }

    @Test
    void integersOutsideTheLongRangeAreRefused() {
        assertRefused("1bffffffffffffffff", "out of range");
        assertRefused("3bffffffffffffffff", "out of range");
    }

    @Test
    void nonScalarMapKeysAreRefused() {
        assertRefused("a18001", "map key");
    }

    @Test
    void emptyInputIsRefused() {
        assertRefused("", "empty");
    }

    @Test
    void writerOutputReadsBack() throws Exception {
        byte[] enc = new CborWriter().mapHeader(3).integer(-7).bytes(new byte[300]).integer(70000).text("é")
                .integer(1L << 40).float64(1.5).toByteArray();
        CborMap map = (CborMap) CborReader.decode(enc);
        assertThat(((CborBytes) map.get(-7)).length()).isEqualTo(300);
        assertThat(map.get(70000)).isEqualTo(new CborText("é"));
        assertThat(map.get(1L << 40)).isEqualTo(new CborFloat(1.5));
    }
}

package org.acemqtt.proxy.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.acemqtt.proxy.token.cbor.CborWriter;
import org.junit.jupiter.api.Test;

class TrlDocumentTest {
    private static final byte[] A = hash(1);
    private static final byte[] B = hash(2);
    private static final int MAX = 1 << 20;

    private static byte[] hash(int seed) {
        byte[] h = new byte[32];
        for (int i = 0; i < h.length; i++) {
            h[i] = (byte) (seed * 31 + i);
        }
        return h;
    }

    private static String hex(byte[] h) {
        return HexFormat.of().formatHex(h);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void jsonListsBase64urlHashesWithOrWithoutPadding() throws Exception {
        String a = Base64.getUrlEncoder().withoutPadding().encodeToString(A);
        String b = Base64.getUrlEncoder().encodeToString(B);
        assertThat(TrlDocument.parse("application/json", utf8("{\"revoked\": [\"" + a + "\", \"" + b + "\"]}"), MAX))
                .containsExactly(hex(A), hex(B));
        assertThat(TrlDocument.parse(null, utf8("{\"revoked\": []}"), MAX)).isEmpty();
    }

    @Test
    void cborIsAnArrayOfByteStringsOrTheFullSetOfAFullQueryResponse() throws Exception {
        byte[] array = new CborWriter().arrayHeader(2).bytes(A).bytes(B).toByteArray();
        assertThat(TrlDocument.parse(TrlDocument.ACE_TRL_CBOR, array, MAX)).containsExactly(hex(A), hex(B));
        assertThat(TrlDocument.parse(null, array, MAX)).containsExactly(hex(A), hex(B));
        byte[] map = new CborWriter().mapHeader(1).integer(0).arrayHeader(1).bytes(A).toByteArray();
        assertThat(TrlDocument.parse("application/cbor", map, MAX)).containsExactly(hex(A));
    }

    @Test
    void anyUnusableEntryRefusesTheWholeDocument() {
        String shortHash = Base64.getUrlEncoder().encodeToString(new byte[16]);
        for (String json : List.of("{\"revoked\": [\"" + shortHash + "\"]}", "{\"revoked\": [\"not base64!\"]}",
                "{\"revoked\": [42]}", "{\"revoked\": \"x\"}", "[]", "{", "")) {
            assertThatThrownBy(() -> TrlDocument.parse("application/json", utf8(json), MAX)).as(json)
                    .isInstanceOf(TrlDocument.TrlFormatException.class);
        }
        assertThatThrownBy(() -> TrlDocument.parse(TrlDocument.ACE_TRL_CBOR,
                new CborWriter().arrayHeader(2).bytes(A).text("x").toByteArray(), MAX))
                .isInstanceOf(TrlDocument.TrlFormatException.class).hasMessageContaining("entry 1");
        assertThatThrownBy(() -> TrlDocument.parse(TrlDocument.ACE_TRL_CBOR,
                new CborWriter().arrayHeader(1).bytes(new byte[31]).toByteArray(), MAX))
                .isInstanceOf(TrlDocument.TrlFormatException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> TrlDocument.parse(TrlDocument.ACE_TRL_CBOR, new byte[] {(byte) 0xFF}, MAX))
                .isInstanceOf(TrlDocument.TrlFormatException.class);
        assertThatThrownBy(() -> TrlDocument.parse(TrlDocument.ACE_TRL_CBOR,
                new CborWriter().mapHeader(1).integer(7).integer(1).toByteArray(), MAX))
                .isInstanceOf(TrlDocument.TrlFormatException.class);
    }

    @Test
    void aDocumentOverTheSizeLimitIsRefused() {
        byte[] array = new CborWriter().arrayHeader(2).bytes(A).bytes(B).toByteArray();
        assertThatThrownBy(() -> TrlDocument.parse(TrlDocument.ACE_TRL_CBOR, array, array.length - 1))
                .isInstanceOf(TrlDocument.TrlFormatException.class).hasMessageContaining("larger");
    }
}

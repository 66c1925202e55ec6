package org.acemqtt.proxy.token.introspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.acemqtt.proxy.token.cbor.CborBytes;
import org.acemqtt.proxy.token.cbor.CborFloat;
import org.acemqtt.proxy.token.cbor.CborInt;
import org.acemqtt.proxy.token.cbor.CborMap;
import org.acemqtt.proxy.token.cbor.CborText;
import org.junit.jupiter.api.Test;

/** The JSON (RFC 7662 names) → RFC 9200 Table 6 transcription, without a network. */
class IntrospectionAnswerTest {
    private static IntrospectionAnswer.Parsed json(String body) throws Exception {
        return IntrospectionAnswer.parse("Application/JSON ; charset=UTF-8", body.getBytes(StandardCharsets.UTF_8), 65536);
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Test
    void rfc7662MembersGetTheirTable6KeysAndJsonEncodingsAreUndone() throws Exception {
        IntrospectionAnswer.Parsed p = json("""
                {"active": true, "exp": 1.5e9, "nbf": 100, "jti": "j-1", "cnonce": "%s", "exi": 30,
                 "ace_profile": 3, "username": "u"}""".formatted(b64(new byte[] {7, 7})));
        CborMap m = p.claims();
        assertThat(p.active()).isTrue();
        assertThat(m.get(4)).isEqualTo(new CborFloat(1.5e9));
        assertThat(m.get(5)).isEqualTo(new CborInt(100));
        assertThat(((CborBytes) m.get(7)).toByteArray()).isEqualTo("j-1".getBytes(StandardCharsets.UTF_8));
        assertThat(((CborBytes) m.get(39)).toByteArray()).containsExactly(7, 7);
        assertThat(m.get(40)).isEqualTo(new CborInt(30));
        assertThat(m.get(38)).isEqualTo(new CborInt(3));
        assertThat(m.get(35)).isEqualTo(new CborText("u"));
    }

    @Test
    void jwkCnfBecomesACoseKey() throws Exception {
        byte[] x = new byte[32];
        byte[] y = new byte[32];
        x[0] = 1;
        y[0] = 2;
        CborMap ec = (CborMap) ((CborMap) json("""
                {"active": true, "cnf": {"jwk": {"kty": "EC", "crv": "P-256", "x": "%s", "y": "%s", "kid": "e"}}}"""
                .formatted(b64(x), b64(y))).claims().get(8)).get(1);
        assertThat(ec.get(1)).isEqualTo(new CborInt(2));
        assertThat(ec.get(-1)).isEqualTo(new CborInt(1));
        assertThat(((CborBytes) ec.get(-2)).toByteArray()).isEqualTo(x);
        assertThat(((CborBytes) ec.get(-3)).toByteArray()).isEqualTo(y);
        assertThat(((CborBytes) ec.get(2)).toByteArray()).isEqualTo("e".getBytes(StandardCharsets.UTF_8));

        CborMap oct = (CborMap) ((CborMap) json("""
                {"active": true, "cnf": {"jwk": {"kty": "oct", "k": "%s"}}}""".formatted(b64(new byte[16])))
                .claims().get(8)).get(1);
        assertThat(oct.get(1)).isEqualTo(new CborInt(4));
        assertThat(((CborBytes) oct.get(-1)).toByteArray()).hasSize(16);
    }

    @Test
    void wrongJsonTypesArePassedOnForTheClaimChecksToRefuse() throws Exception {
        CborMap m = json("{\"active\": true, \"cti\": \"not base64url!\", \"aud\": 5, \"exp\": null}").claims();
        assertThat(m.get(7)).isEqualTo(new CborText("not base64url!"));
        assertThat(m.get(3)).isEqualTo(new CborInt(5));
        assertThat(m.get(4)).isNotNull().isNotInstanceOf(CborInt.class);
    }

    @Test
    void contentTypesOtherThanCborOrJsonAreRefused() {
        assertThatThrownBy(() -> IntrospectionAnswer.parse(null, new byte[] {(byte) 0xa0}, 100))
                .isInstanceOf(IntrospectionAnswer.GarbledException.class).hasMessageContaining("(none)");
        assertThatThrownBy(() -> IntrospectionAnswer.parse("application/jwt", new byte[] {1}, 100))
                .isInstanceOf(IntrospectionAnswer.GarbledException.class);
    }

    @Test
    void deeplyNestedJsonIsRefusedNotAStackOverflow() {
        String deep = "{\"active\": true, \"x\": " + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertThatThrownBy(() -> json(deep)).isInstanceOf(IntrospectionAnswer.GarbledException.class);
    }
}

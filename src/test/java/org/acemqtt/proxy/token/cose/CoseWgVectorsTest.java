package org.acemqtt.proxy.token.cose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.acemqtt.proxy.token.TokenRefusedException;
import org.acemqtt.proxy.token.cbor.CborItem;
import org.acemqtt.proxy.token.cbor.CborReader;
import org.acemqtt.proxy.token.keys.IssuerRegistry;
import org.acemqtt.proxy.token.keys.JwkSetParser;
import org.acemqtt.proxy.token.keys.TrustedIssuer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The cose-wg/Examples vectors of SPEC 6.3 (see src/test/resources/cose-wg/README.md for the expectations). */
class CoseWgVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    @TestFactory
    List<DynamicTest> coseWgVectorsGiveTheExpectedOutcome() throws Exception {
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/cose-wg/vectors.json")) {
            root = new ObjectMapper().readTree(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : root.get("vectors")) {
            tests.add(DynamicTest.dynamicTest(v.get("file").asText() + " -> " + v.get("expect").asText(),
                    () -> check(v)));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(50);
        return tests;
    }

    private static void check(JsonNode v) throws Exception {
        var registry = IssuerRegistry.of(new TrustedIssuer("cose-wg",
                List.of(JwkSetParser.parseKey(v.get("key")))));
        CoseType type = CoseType.valueOf(v.get("type").asText());
        CborItem item = CborReader.decode(HEX.parseHex(v.get("cbor").asText().toLowerCase()));
        byte[] aad = HEX.parseHex(v.get("external").asText().toLowerCase());
        String expect = v.get("expect").asText();
        boolean untagged = !(item instanceof org.acemqtt.proxy.token.cbor.CborTag);
        if (expect.equals("PASS")) {
            VerifiedLayer layer = CoseVerifier.verify(CoseMessage.parse(item, untagged ? type : null), registry, aad);
            assertThat(layer.type()).isEqualTo(type);
            assertThat(HEX.formatHex(layer.content().toByteArray())).isEqualTo(v.get("plaintextHex").asText());
        } else {
            assertThatThrownBy(() -> CoseVerifier.verify(CoseMessage.parse(item, untagged ? type : null), registry,
                    aad)).isInstanceOf(TokenRefusedException.class)
                    .extracting(e -> ((TokenRefusedException) e).reason().name()).isEqualTo(expect);
        }
        if (untagged) {
            assertThatThrownBy(() -> CoseMessage.parse(item, null)).isInstanceOf(TokenRefusedException.class)
                    .hasMessageContaining("untagged");
        }
    }
}

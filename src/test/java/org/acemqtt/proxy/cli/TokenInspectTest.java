package org.acemqtt.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.acemqtt.proxy.testsupport.AceClientKeys;
import org.acemqtt.proxy.testsupport.ProxyFixture;
import org.acemqtt.proxy.testsupport.TestClaims;
import org.acemqtt.proxy.testsupport.TestKey;
import org.acemqtt.proxy.testsupport.TestTokens;
import org.acemqtt.proxy.token.cose.CoseAlgorithm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenInspectTest {
    static final AceClientKeys KEYS = new AceClientKeys();
    @TempDir
    Path dir;
    Path config;
    final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeEach
    void config() throws Exception {
        Files.writeString(dir.resolve("as.jwks.json"), KEYS.asJwks());
        Files.writeString(dir.resolve("cert.pem"), "unused by token inspect");
        config = dir.resolve("config.json");
        Files.writeString(config, """
                { "listeners": [ { "port": 1884, "insecure": true } ], "upstream": { "port": 1883 },
                  "ace": { "audience": ["%s"], "issuers": [ { "issuer": "%s", "keys": "as.jwks.json" } ] } }"""
                .formatted(ProxyFixture.AUDIENCE, TestClaims.ISSUER));
    }

    private int inspect(String argument, Path withConfig) {
        return new TokenInspect(new PrintStream(printed, true, StandardCharsets.UTF_8)).inspect(argument, withConfig);
    }

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aTokenIsShownWithNamedClaimsAndItsScopeInHexOrBase64url() {
        byte[] token = KEYS.token(AceClientKeys.aif("sensors/#"), 3600);
        for (String form : List.of(HexFormat.of().formatHex(token), Base64.getUrlEncoder().withoutPadding().encodeToString(token))) {
            printed.reset();
            assertThat(inspect(form, null)).isZero();
            assertThat(output()).contains("COSE_Mac0").contains("iss:").contains(TestClaims.ISSUER).contains("exp:")
                    .contains("[[\"sensors/#\",[\"pub\",\"sub\"]]]").contains("confirmation COSE_Key kty 1")
                    .contains("key material not shown");
        }
    }

    @Test
    void withAConfigItSaysTheTokenIsAccepted() {
        assertThat(inspect(HexFormat.of().formatHex(KEYS.token(AceClientKeys.aif("a"), 3600)), config)).isZero();
        assertThat(output()).contains("ACCEPTED by this proxy: mac0").contains("sub device-7");
    }

    @Test
    void withAConfigItSaysExactlyWhyATokenIsRefused() {
        assertThat(inspect(HexFormat.of().formatHex(KEYS.token(AceClientKeys.aif("a"), -60)), config)).isEqualTo(1);
        assertThat(output()).contains("REFUSED by this proxy: expired");
        printed.reset();
        assertThat(inspect(HexFormat.of().formatHex(AceClientKeys.foreignToken(AceClientKeys.aif("a"))), config)).isEqualTo(1);
        assertThat(output()).contains("REFUSED by this proxy: bad_mac");
    }

    @Test
    void aSymmetricKeyInTheClearIsNamedButNeverPrinted() {
        byte[] secret = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        byte[] token = TestTokens.mac0(TestKey.symmetric(CoseAlgorithm.HMAC_256_256, AceClientKeys.AS_KID))
                .claims(TestClaims.valid(1_700_000_000L).cnfSymmetric(secret, null)).build();
        assertThat(inspect(HexFormat.of().formatHex(token), null)).isZero();
        assertThat(output()).contains("symmetric key in the clear").doesNotContain("00112233445566778899aabbccddeeff");
    }

    @Test
    void aFileArgumentMayHoldBinaryOrText() throws Exception {
        byte[] token = KEYS.token(AceClientKeys.aif("a"), 3600);
        Path binary = Files.write(dir.resolve("token.cbor"), token);
        assertThat(inspect("@" + binary, null)).isZero();
        Path text = Files.writeString(dir.resolve("token.hex"), HexFormat.of().formatHex(token) + "\n");
        assertThat(inspect("@" + text, null)).isZero();
        assertThat(output()).contains("COSE_Mac0");
    }

    @Test
    void somethingThatIsNotATokenIsSaidSo() {
        assertThat(inspect("not!base64", null)).isEqualTo(2);
        assertThat(output()).contains("not a token");
        printed.reset();
        assertThat(inspect("deadbeef", null)).isZero();
        assertThat(output()).contains("not");
    }

    @Test
    void theCommandLineUnderstandsTokenInspect() throws Exception {
        CommandLine cli = CommandLine.parse(List.of("token", "inspect", "abcd", "--config", "c.json"), Map.of());
        assertThat(cli.command()).isEqualTo(CommandLine.Command.TOKEN_INSPECT);
        assertThat(cli.tokenArgument()).isEqualTo("abcd");
        assertThat(cli.configGiven()).isTrue();
        assertThat(CommandLine.parse(List.of("token", "inspect", "abcd"), Map.of("ACE_MQTT_PROXY_CONFIG", "x")).configGiven()).isFalse();
    }
}

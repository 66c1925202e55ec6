package org.acemqtt.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.acemqtt.proxy.demo.DevTokenMinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenMintTest {
    @TempDir
    Path dir;

    private Path setUp() throws Exception {
        Files.writeString(dir.resolve("dev.jwks.json"),
                new DevTokenMinter("https://dev", "mqtts://localhost", DevTokenMinter.newKey(), "dev-1").jwks());
        Path config = dir.resolve("config.json");
        Files.writeString(config, """
                { "listeners": [ { "port": 1884, "insecure": true } ], "upstream": { "port": 1883 },
                  "ace": { "audience": ["mqtts://localhost"], "issuers": [ { "issuer": "https://dev", "keys": "dev.jwks.json" } ] } }""");
        return config;
    }

    private static String mint(String... args) throws Exception {
        CommandLine cli = CommandLine.parse(List.of(args), Map.of());
        assertThat(cli.command()).isEqualTo(CommandLine.Command.TOKEN_MINT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = TokenMint.run(cli.mintOptions(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not an Authorization Server");
        return out.toString(StandardCharsets.UTF_8).trim();
    }

    private String inspect(String token, Path config) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        new TokenInspect(new PrintStream(printed, true, StandardCharsets.UTF_8)).inspect(token, config);
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anEd25519BoundTokenIsAcceptedByTheProxyThatTrustsTheDevelopmentIssuer() throws Exception {
        Path config = setUp();
        String token = mint("token", "mint", "--issuer-key", dir.resolve("dev.jwks.json").toString(), "--issuer", "https://dev",
                "--audience", "mqtts://localhost", "--scope", "[[\"a/#\",[\"pub\"]]]", "--pop-ed25519",
                "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "--subject", "cli-test");
        assertThat(inspect(token, config)).contains("ACCEPTED by this proxy: mac0").contains("sub cli-test")
                .contains("[[\"a/#\",[\"pub\"]]]").contains("Ed25519");
    }

    @Test
    void aPskTokenCarriesItsKeyEncrypted() throws Exception {
        Path config = setUp();
        String token = mint("token", "mint", "--issuer-key", dir.resolve("dev.jwks.json").toString(), "--issuer", "https://dev",
                "--audience", "mqtts://localhost", "--scope", "[[\"a\",[\"sub\"]]]", "--psk",
                "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", "--psk-kid", "dev-psk");
        assertThat(inspect(token, config)).contains("COSE_Encrypt0").contains("ACCEPTED by this proxy: encrypt0")
                .doesNotContain("00112233445566778899aabbccddeeff");
    }

    @Test
    void missingOptionsAreNamed() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = TokenMint.run(Map.of("audience", "a"), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--issuer-key is required");
    }
}

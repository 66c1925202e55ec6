package org.acemqtt.proxy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.acemqtt.proxy.demo.DemoScopes;
import org.acemqtt.proxy.demo.DevTokenMinter;

/**
 * {@code token mint}: a DEVELOPMENT issuer for trying the proxy out, NOT an Authorization Server (no client
 * authentication, no policy: it signs whatever it is asked). Options: {@code --issuer-key JWKS} (its first {@code oct}
 * key of 32 bytes, the file the proxy's {@code ace.issuers[].keys} names), {@code --scope JSON},
 * {@code --pop-ed25519 HEX} (the client's public key) or {@code --psk HEX --psk-kid TEXT} (a symmetric PoP key for
 * TLS-PSK, sent encrypted), {@code --issuer}, {@code --audience}, {@code --lifetime SECONDS}, {@code --subject}.
 * Prints the token in hex.
 */
public final class TokenMint {
    private TokenMint() {
    }

    public static int run(Map<String, String> options, PrintStream out, PrintStream err) {
        try {
            JsonNode key = oct(Path.of(required(options, "issuer-key")));
            DevTokenMinter minter = new DevTokenMinter(options.getOrDefault("issuer", "https://dev-issuer.invalid"),
                    required(options, "audience"), Base64.getUrlDecoder().decode(key.get("k").asText()),
                    key.has("kid") ? key.get("kid").asText() : "dev-issuer");
            byte[] scope = DemoScopes.cbor(required(options, "scope"));
            long lifetime = Long.parseLong(options.getOrDefault("lifetime", "3600"));
            String subject = options.getOrDefault("subject", "dev-client");
            byte[] token;
            if (options.containsKey("pop-ed25519")) {
                token = minter.ed25519Token(scope, HexFormat.of().parseHex(options.get("pop-ed25519")), lifetime, subject);
            } else if (options.containsKey("psk")) {
                token = minter.symmetricToken(scope, HexFormat.of().parseHex(options.get("psk")),
                        required(options, "psk-kid").getBytes(StandardCharsets.UTF_8), lifetime, subject);
            } else {
                throw new IllegalArgumentException("give --pop-ed25519 HEX or --psk HEX --psk-kid TEXT");
            }
            err.println("token mint: development issuer, not an Authorization Server");
            out.println(HexFormat.of().formatHex(token));
            return 0;
        } catch (Exception e) {
            err.println("token mint: " + e.getMessage());
            return 2;
        }
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static JsonNode oct(Path jwks) throws java.io.IOException {
        for (JsonNode key : new ObjectMapper().readTree(Files.readString(jwks)).path("keys")) {
            if ("oct".equals(key.path("kty").asText()) && key.has("k")) {
                return key;
            }
        }
        throw new IllegalArgumentException(jwks + ": no \"oct\" key");
    }
}

package org.acemqtt.proxy.token.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Reads a JWK Set (RFC 7517 §5) of issuer keys: {@code EC} (P-256/384/521), {@code OKP} (Ed25519) and {@code oct}.
 * A JWK {@code kid} string becomes the UTF-8 bytes matched against the COSE {@code kid} header. Private key
 * members ({@code d}) are refused: this file holds what the proxy verifies with, never what an AS signs with.
 */
public final class JwkSetParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Integer> ALGS = Map.ofEntries(
            Map.entry("ES256", -7), Map.entry("ES384", -35), Map.entry("ES512", -36), Map.entry("EdDSA", -8),
            Map.entry("HS256", 5), Map.entry("HS384", 6), Map.entry("HS512", 7), Map.entry("A128GCM", 1),
            Map.entry("A192GCM", 2), Map.entry("A256GCM", 3));

    private JwkSetParser() {
    }

    public static List<IssuerKey> parse(String source, byte[] json) throws KeyLoadException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new KeyLoadException(List.of(new KeyLoadException.Problem(source, -1, "not valid JSON")));
        }
        JsonNode keys = root == null ? null : root.get("keys");
        if (keys == null || !keys.isArray()) {
            throw new KeyLoadException(List.of(new KeyLoadException.Problem(source, -1, "no \"keys\" array")));
        }
        return KeySetChecks.parseAll(source, keys.size(), i -> parseKey(keys.get(i)));
    }

    /** One JWK. @throws IllegalArgumentException with an operator-readable problem */
    public static IssuerKey parseKey(JsonNode jwk) {
        if (jwk == null || !jwk.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (jwk.has("d")) {
            throw new IllegalArgumentException("private key member \"d\" must not be in an issuer key file");
        }
        byte[] kid = jwk.has("kid") ? text(jwk, "kid").getBytes(StandardCharsets.UTF_8) : null;
        Integer alg = null;
        if (jwk.has("alg")) {
            alg = ALGS.get(text(jwk, "alg"));
            if (alg == null) {
                throw new IllegalArgumentException("unsupported alg \"" + text(jwk, "alg") + "\"");
            }
        }
        String kty = text(jwk, "kty");
        switch (kty) {
            case "EC": {
                int crv = switch (text(jwk, "crv")) {
                    case "P-256" -> IssuerKey.P_256;
                    case "P-384" -> IssuerKey.P_384;
                    case "P-521" -> IssuerKey.P_521;
                    default -> throw new IllegalArgumentException("unsupported EC crv \"" + text(jwk, "crv") + "\"");
                };
                return IssuerKey.ec2(kid, alg, crv, b64(jwk, "x"), b64(jwk, "y"));
            }
            case "OKP":
                if (!"Ed25519".equals(text(jwk, "crv"))) {
                    throw new IllegalArgumentException("unsupported OKP crv \"" + text(jwk, "crv") + "\"");
                }
                return IssuerKey.ed25519(kid, alg, b64(jwk, "x"));
            case "oct":
                return IssuerKey.symmetric(kid, alg, b64(jwk, "k"));
            default:
                throw new IllegalArgumentException("unsupported kty \"" + kty + "\"");
        }
    }

    private static String text(JsonNode jwk, String name) {
        JsonNode v = jwk.get(name);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("\"" + name + "\" missing or not a string");
        }
        return v.asText();
    }

    private static byte[] b64(JsonNode jwk, String name) {
        try {
            return Base64.getUrlDecoder().decode(text(jwk, name));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + name + "\" is not base64url");
        }
    }
}

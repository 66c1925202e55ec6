package org.acemqtt.proxy.token.introspection;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import org.acemqtt.proxy.token.cbor.CborException;
import org.acemqtt.proxy.token.cbor.CborItem;
import org.acemqtt.proxy.token.cbor.CborMap;
import org.acemqtt.proxy.token.cbor.CborReader;
import org.acemqtt.proxy.token.cbor.CborSimple;
import org.acemqtt.proxy.token.cbor.CborWriter;

/**
 * A successful introspection response body (RFC 7662 §2.2, RFC 9200 §5.9.2) turned into one shape: {@code active}
 * plus a CBOR map with the RFC 9200 Table 6 integer keys, which are the CWT claim keys, so that
 * {@link org.acemqtt.proxy.token.cwt.ClaimsChecker} checks it exactly like a CWT claims set.
 *
 * <p>{@code application/ace+cbor} (or {@code application/cbor}) is read with the strict {@link CborReader}.
 * {@code application/json} uses the RFC 7662 member names and is transcribed to that map: values keep their JSON
 * type (so a wrongly typed claim is refused by the claim checks as for a CWT), except where JSON needs an encoding
 * for what CBOR carries natively: {@code cti} and {@code cnonce} are base64url, {@code jti} (when there is no
 * {@code cti}) becomes its UTF-8 bytes, {@code ace_profile} may be the registered name ({@code "mqtt_tls"}), and
 * {@code cnf} is RFC 7800 ({@code jwk} becomes a COSE_Key, {@code kid} its UTF-8 bytes, as
 * {@code JwkSetParser} does for issuer keys).
 */
final class IntrospectionAnswer {
    static final String ACE_CBOR = "application/ace+cbor";
    static final String CBOR = "application/cbor";
    static final String JSON = "application/json";

    private static final ObjectMapper MAPPER = JsonMapper.builder(new JsonFactoryBuilder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build()).build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The parsed answer; {@code claims} is the whole map (including {@code active}). */
    record Parsed(boolean active, CborMap claims) {
    }

    /** The body is not a usable introspection answer (the caller refuses the token: RFC 9200 §6.10). */
    static final class GarbledException extends Exception {
        GarbledException(String message) {
            super(message, null, false, false);
        }
    }

    private IntrospectionAnswer() {
    }

    static Parsed parse(String contentType, byte[] body, int maxBytes) throws GarbledException {
        String type = mediaType(contentType);
        byte[] cbor;
        if (type.equals(ACE_CBOR) || type.equals(CBOR)) {
            cbor = body;
        } else if (type.equals(JSON)) {
            cbor = jsonToCbor(body);
        } else {
            throw new GarbledException("unexpected content type " + (type.isEmpty() ? "(none)" : type));
        }
        CborItem root;
        try {
            root = CborReader.decode(cbor, 0, cbor.length, CborReader.DEFAULT_MAX_DEPTH, Math.max(maxBytes, cbor.length));
        } catch (CborException e) {
            throw new GarbledException("answer is not strict CBOR: " + e.getMessage());
        }
        if (!(root instanceof CborMap map)) {
            throw new GarbledException("answer is not a map");
        }
        CborItem active = map.get(10);
        if (active == CborSimple.TRUE) {
            return new Parsed(true, map);
        }
        if (active == CborSimple.FALSE) {
            return new Parsed(false, map);
        }
        throw new GarbledException(active == null ? "answer has no active member" : "active is not a boolean");
    }

    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static byte[] jsonToCbor(byte[] body) throws GarbledException {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (Exception e) {
            throw new GarbledException("answer is not valid JSON: " + e.getClass().getSimpleName());
        }
        if (root == null || !root.isObject()) {
            throw new GarbledException("JSON answer is not an object");
        }
        CborWriter w = new CborWriter();
        int count = 0;
        CborWriter entries = new CborWriter();
        boolean hasCti = root.has("cti");
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "iss" -> value(entries.integer(1), v);
                case "sub" -> value(entries.integer(2), v);
                case "aud" -> value(entries.integer(3), v);
                case "exp" -> value(entries.integer(4), v);
                case "nbf" -> value(entries.integer(5), v);
                case "iat" -> value(entries.integer(6), v);
                case "cti" -> base64url(entries.integer(7), v);
                case "jti" -> {
                    if (hasCti) {
                        continue;
                    }
                    if (v.isTextual()) {
                        entries.integer(7).bytes(v.asText().getBytes(StandardCharsets.UTF_8));
                    } else {
                        value(entries.integer(7), v);
                    }
                }
                case "cnf" -> cnf(entries.integer(8), v);
                case "scope" -> value(entries.integer(9), v);
                case "active" -> value(entries.integer(10), v);
                case "client_id" -> value(entries.integer(24), v);
                case "token_type" -> value(entries.integer(34), v);
                case "username" -> value(entries.integer(35), v);
                case "ace_profile" -> aceProfile(entries.integer(38), v);
                case "cnonce" -> base64url(entries.integer(39), v);
                case "exi" -> value(entries.integer(40), v);
                default -> {
                    continue; // RFC 7662 §2.2: other members may be present and are ignored
                }
            }
            count++;
        }
        return w.mapHeader(count).raw(entries.toByteArray()).toByteArray();
    }

    /** The JSON value with its own type: a wrong type reaches the claim checks and is refused there. */
    private static void value(CborWriter w, JsonNode v) {
        if (v.isTextual()) {
            w.text(v.asText());
        } else if (v.isBoolean()) {
            w.bool(v.asBoolean());
        } else if (v.isIntegralNumber() && v.canConvertToLong()) {
            w.integer(v.asLong());
        } else if (v.isNumber() && !v.isIntegralNumber()) {
            w.float64(v.asDouble());
        } else if (v.isArray()) {
            w.arrayHeader(v.size());
            for (JsonNode item : v) {
                value(w, item);
            }
        } else if (v.isObject()) {
            w.mapHeader(v.size());
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                value(w.text(e.getKey()), e.getValue());
            }
        } else {
            w.nil(); // null, or an integer too large for a NumericDate: refused as the wrong type
        }
    }

    private static void base64url(CborWriter w, JsonNode v) {
        byte[] bytes = v.isTextual() ? decode(v.asText()) : null;
        if (bytes == null) {
            value(w, v); // not base64url: keeps its JSON type and the byte-string check refuses it
        } else {
            w.bytes(bytes);
        }
    }

    private static byte[] decode(String b64url) {
        try {
            return Base64.getUrlDecoder().decode(b64url);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** RFC 9200 §8.8 / RFC 9431 §7: profile names; an integer passes through. */
    private static void aceProfile(CborWriter w, JsonNode v) {
        if (v.isTextual()) {
            switch (v.asText()) {
                case "coap_dtls" -> w.integer(1);
                case "coap_oscore" -> w.integer(2);
                case "mqtt_tls" -> w.integer(3);
                default -> w.text(v.asText());
            }
        } else {
            value(w, v);
        }
    }

    /** RFC 7800 §3: {@code {"jwk": {...}}} → {@code {1: COSE_Key}}, {@code {"kid": "..."}} → {@code {3: bstr}}. */
    private static void cnf(CborWriter w, JsonNode v) {
        if (!v.isObject() || v.size() != 1) {
            value(w, v); // the cnf checks refuse it
            return;
        }
        if (v.has("jwk") && v.get("jwk").isObject()) {
            w.mapHeader(1).integer(1);
            jwk(w, v.get("jwk"));
        } else if (v.has("kid") && v.get("kid").isTextual() && !v.get("kid").asText().isEmpty()) {
            w.mapHeader(1).integer(3).bytes(v.get("kid").asText().getBytes(StandardCharsets.UTF_8));
        } else {
            value(w, v);
        }
    }

    /** RFC 8152 / RFC 9053 labels for the JWK members CnfParser understands; the rest keeps its JSON form. */
    private static void jwk(CborWriter w, JsonNode jwk) {
        CborWriter entries = new CborWriter();
        int count = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = jwk.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            String text = v.isTextual() ? v.asText() : null;
            switch (e.getKey()) {
                case "kty" -> {
                    Integer kty = text == null ? null : switch (text) {
                        case "OKP" -> 1;
                        case "EC" -> 2;
                        case "RSA" -> 3;
                        case "oct" -> 4;
                        default -> null;
                    };
                    entries.integer(1);
                    if (kty != null) {
                        entries.integer(kty);
                    } else {
                        value(entries, v);
                    }
                }
                case "kid" -> {
                    entries.integer(2);
                    if (text != null) {
                        entries.bytes(text.getBytes(StandardCharsets.UTF_8));
                    } else {
                        value(entries, v);
                    }
                }
                case "crv" -> {
                    Integer crv = text == null ? null : switch (text) {
                        case "P-256" -> 1;
                        case "P-384" -> 2;
                        case "P-521" -> 3;
                        case "X25519" -> 4;
                        case "X448" -> 5;
                        case "Ed25519" -> 6;
                        case "Ed448" -> 7;
                        default -> null;
                    };
                    entries.integer(-1);
                    if (crv != null) {
                        entries.integer(crv);
                    } else {
                        value(entries, v);
                    }
                }
                case "k" -> base64url(entries.integer(-1), v);
                case "x" -> base64url(entries.integer(-2), v);
                case "y" -> base64url(entries.integer(-3), v);
                case "d" -> base64url(entries.integer(-4), v); // present so that CnfParser refuses a private key
                default -> {
                    continue;
                }
            }
            count++;
        }
        w.mapHeader(count).raw(entries.toByteArray());
    }
}

package org.acemqtt.proxy.revocation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.acemqtt.proxy.token.cbor.CborArray;
import org.acemqtt.proxy.token.cbor.CborBytes;
import org.acemqtt.proxy.token.cbor.CborException;
import org.acemqtt.proxy.token.cbor.CborItem;
import org.acemqtt.proxy.token.cbor.CborMap;
import org.acemqtt.proxy.token.cbor.CborReader;
import org.acemqtt.proxy.token.cbor.CborText;

/**
 * Parses a Token Revocation List document into token hashes (lowercase hex of the 32-byte SHA-256 values):
 * <ul>
 *   <li>JSON {@code {"revoked": ["<base64url sha256>", ...]}} (padding optional);</li>
 *   <li>CBOR as in draft-ietf-ace-revoked-token-notification: an array of bstr token hashes, or the full-query
 *       response map whose {@code full_set} (key 0, or the text key) is that array.</li>
 * </ul>
 * A document with any unusable entry is refused as a whole ({@link TrlFormatException}): the caller keeps the list it
 * had rather than guess which entries the AS meant.
 */
public final class TrlDocument {
    /** Content-Format of the draft's TRL payloads. */
    public static final String ACE_TRL_CBOR = "application/ace-trl+cbor";
    static final int HASH_BYTES = 32;
    private static final int FULL_SET_KEY = 0;
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrlDocument() {
    }

    /** @param contentType the response's Content-Type, or null (then the first byte decides: '{' is JSON) */
    public static List<String> parse(String contentType, byte[] body, int maxBytes) throws TrlFormatException {
        if (body.length > maxBytes) {
            throw new TrlFormatException("document larger than " + maxBytes + " bytes");
        }
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        boolean json = type.contains("json") || (!type.contains("cbor") && body.length > 0 && body[0] == '{');
        return json ? parseJson(body) : parseCbor(body, maxBytes);
    }

    static List<String> parseJson(byte[] body) throws TrlFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new TrlFormatException("not valid JSON (" + e.getClass().getSimpleName() + ")");
        }
        if (root == null || !root.isObject() || !root.path("revoked").isArray()) {
            throw new TrlFormatException("JSON TRL must be an object with a \"revoked\" array");
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        for (JsonNode entry : root.get("revoked")) {
            if (!entry.isTextual()) {
                throw new TrlFormatException("revoked[" + i + "]: must be a base64url string");
            }
            byte[] hash;
            try {
                hash = Base64.getUrlDecoder().decode(entry.asText().replace("=", ""));
            } catch (IllegalArgumentException e) {
                throw new TrlFormatException("revoked[" + i + "]: not base64url");
            }
            out.add(hex(hash, "revoked[" + i + "]"));
            i++;
        }
        return out;
    }

    static List<String> parseCbor(byte[] body, int maxBytes) throws TrlFormatException {
        CborItem root;
        try {
            root = CborReader.decode(body, 0, body.length, 4, maxBytes);
        } catch (CborException | IllegalArgumentException e) {
            throw new TrlFormatException("not valid CBOR: " + e.getMessage());
        }
        if (root instanceof CborMap map) {
            CborItem set = map.get(FULL_SET_KEY);
            if (set == null) {
                set = map.get(new CborText("full_set"));
            }
            root = set;
        }
        if (!(root instanceof CborArray array)) {
            throw new TrlFormatException("CBOR TRL must be an array of bstr token hashes (or a map with full_set)");
        }
        List<String> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof CborBytes bytes)) {
                throw new TrlFormatException("entry " + i + ": must be a bstr");
            }
            out.add(hex(bytes.toByteArray(), "entry " + i));
        }
        return out;
    }

    private static String hex(byte[] hash, String where) throws TrlFormatException {
        if (hash.length != HASH_BYTES) {
            throw new TrlFormatException(where + ": a SHA-256 token hash has 32 bytes, got " + hash.length);
        }
        return HexFormat.of().formatHex(hash);
    }

    /** The document cannot be used; the message says where, never echoes entries. */
    public static final class TrlFormatException extends Exception {
        private static final long serialVersionUID = 1L;

        public TrlFormatException(String message) {
            super(message);
        }
    }
}

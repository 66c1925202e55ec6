package org.acemqtt.proxy.scope;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads the JSON form of an AIF-MQTT scope (RFC 9431 §2.3) with Jackson's streaming parser, token by token, so
 * that exactly the shape {@code [* [tstr, [+ tstr]]]} is accepted and nothing is converted silently (no numbers as
 * strings, no objects, nothing after the array).
 */
final class ScopeJsonReader {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            // A valid filter has at most 65,535 UTF-8 bytes, hence at most as many chars: bounds the buffering.
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(TopicSyntax.MAX_UTF8_BYTES).maxNestingDepth(8).build())
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private final JsonParser parser;
    private int index = -1; // entry being read, for messages

    private ScopeJsonReader(JsonParser parser) {
        this.parser = parser;
    }

    static AifScope read(String json) throws ScopeFormatException {
        if (json == null) {
            throw new ScopeFormatException("scope is null");
        }
        ScopeJsonReader reader = null;
        try (JsonParser p = FACTORY.createParser(json)) {
            reader = new ScopeJsonReader(p);
            return reader.readScope();
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (at character " + at.getCharOffset() + ")";
            throw new ScopeFormatException(ScopeBuilder.entry(reader == null ? -1 : reader.index)
                    + "malformed JSON: " + e.getOriginalMessage() + where, e);
        } catch (IOException e) {
            throw new ScopeFormatException("cannot read JSON scope: " + e.getMessage(), e);
        }
    }

    /** See {@link AifScope#parseJsonScopeClaim(String)}. */
    static AifScope readClaim(String claim) throws ScopeFormatException {
        if (claim == null) {
            throw new ScopeFormatException("scope claim is null");
        }
        if (claim.strip().startsWith("[")) {
            return read(claim); // base64url has no '[': unambiguous
        }
        byte[] decoded;
        try {
            decoded = Base64.getUrlDecoder().decode(claim);
        } catch (IllegalArgumentException e) {
            throw new ScopeFormatException(
                    "scope claim is neither a JSON array nor base64url: " + e.getMessage(), e);
        }
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(decoded)).toString();
        } catch (CharacterCodingException e) {
            throw new ScopeFormatException("scope claim: base64url content is not valid UTF-8", e);
        }
        try {
            return read(json);
        } catch (ScopeFormatException e) {
            throw new ScopeFormatException("scope claim (base64url-decoded): " + e.getMessage(), e);
        }
    }

    private AifScope readScope() throws IOException, ScopeFormatException {
        expect(parser.nextToken(), JsonToken.START_ARRAY, "scope must be a JSON array");
        ScopeBuilder builder = new ScopeBuilder();
        index = 0;
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; index++, t = parser.nextToken()) {
            if (index >= ScopeBuilder.MAX_ENTRIES) {
                throw new ScopeFormatException("more than " + ScopeBuilder.MAX_ENTRIES + " entries");
            }
            expect(t, JsonToken.START_ARRAY, "must be an array [topic_filter, permissions]");
            expect(parser.nextToken(), JsonToken.VALUE_STRING, "topic filter must be a string");
            String filter = parser.getText();
            expect(parser.nextToken(), JsonToken.START_ARRAY, "permissions must be an array");
            int bits = 0;
            int count = 0;
            for (JsonToken p = parser.nextToken(); p != JsonToken.END_ARRAY; p = parser.nextToken()) {
                expect(p, JsonToken.VALUE_STRING, "permission must be a string");
                if (++count > ScopeBuilder.MAX_PERMISSIONS) {
                    fail("more than " + ScopeBuilder.MAX_PERMISSIONS + " permissions");
                }
                bits |= ScopeBuilder.permission(index, parser.getText());
            }
            expect(parser.nextToken(), JsonToken.END_ARRAY, "must have exactly 2 elements [topic_filter, permissions]");
            builder.add(index, filter, bits);
        }
        index = -1;
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            fail("trailing content after the scope array: " + describe(trailing));
        }
        return builder.build();
    }

    private void expect(JsonToken actual, JsonToken expected, String what) throws ScopeFormatException {
        if (actual != expected) {
            fail(what + ", found " + describe(actual));
        }
    }

    private void fail(String message) throws ScopeFormatException {
        throw new ScopeFormatException(ScopeBuilder.entry(index) + message);
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "end of input";
        }
        switch (t) {
            case START_ARRAY: return "an array";
            case END_ARRAY: return "the end of the array";
            case START_OBJECT: return "an object";
            case VALUE_STRING: return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE: return "a boolean";
            case VALUE_NULL: return "null";
            default: return t.name();
        }
    }
}

package org.acemqtt.proxy.scope;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the CBOR form of an AIF-MQTT scope (RFC 9431 §2.3; CBOR per RFC 8949) by hand, for exactly the shape
 * {@code [* [tstr, [+ tstr]]]}. A generic decoder or tree model would accept (and quietly convert) tags,
 * indefinite lengths, byte strings or maps; here anything but definite-length arrays and valid-UTF-8 text strings
 * is an error, lengths are checked against the remaining input before anything is allocated, and the input must end
 * with the array. Nesting is fixed by the shape, so no depth limit is needed.
 */
final class ScopeCborReader {
    private static final int MAJOR_TEXT = 3;
    private static final int MAJOR_ARRAY = 4;
    private static final String[] MAJOR_NAMES = {
        "an unsigned integer", "a negative integer", "a byte string", "a text string",
        "an array", "a map", "a tag", "a simple value or float"
    };

    private final byte[] in;
    private int pos;
    private int index = -1; // entry being read, for messages

    private ScopeCborReader(byte[] in) {
        this.in = in;
    }

    static AifScope read(byte[] cbor) throws ScopeFormatException {
        if (cbor == null) {
            throw new ScopeFormatException("scope is null");
        }
        return new ScopeCborReader(cbor).readScope();
    }

    private AifScope readScope() throws ScopeFormatException {
        long count = header(MAJOR_ARRAY, "scope must be a CBOR array");
        if (count > ScopeBuilder.MAX_ENTRIES) {
            fail("scope has " + count + " entries, more than " + ScopeBuilder.MAX_ENTRIES);
        }
        ScopeBuilder builder = new ScopeBuilder();
        for (index = 0; index < count; index++) {
            long pair = header(MAJOR_ARRAY, "must be an array [topic_filter, permissions]");
            if (pair != 2) {
                fail("must have exactly 2 elements [topic_filter, permissions], found "
                        + pair);
            }
            String filter = text("topic filter must be a text string");
            long permissions = header(MAJOR_ARRAY, "permissions must be an array");
            if (permissions > ScopeBuilder.MAX_PERMISSIONS) {
                fail("more than " + ScopeBuilder.MAX_PERMISSIONS + " permissions");
            }
            int bits = 0;
            for (int i = 0; i < permissions; i++) {
                bits |= ScopeBuilder.permission(index, text("permission must be a text string"));
            }
            builder.add(index, filter, bits); // rejects an empty permissions array
        }
        index = -1;
        if (pos != in.length) {
            fail((in.length - pos) + " trailing byte(s) after the scope array");
        }
        return builder.build();
    }

    /** A definite-length text string of at most 65,535 bytes, strictly UTF-8 (RFC 8949 §3.1, major type 3). */
    private String text(String what) throws ScopeFormatException {
        long length = header(MAJOR_TEXT, what);
        if (length > TopicSyntax.MAX_UTF8_BYTES) {
            fail(what + ", but is longer than " + TopicSyntax.MAX_UTF8_BYTES + " bytes");
        }
        if (length > in.length - pos) {
            fail("truncated: text string of " + length + " bytes, " + (in.length - pos) + " left");
        }
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(in, pos, (int) length)).toString();
            pos += (int) length;
            return s;
        } catch (CharacterCodingException e) {
            fail("text string is not valid UTF-8");
            throw new AssertionError(e); // unreachable: fail() throws
        }
    }

    /**
     * Reads an initial byte of the expected major type and its argument (RFC 8949 §3): the length. Rejects
     * indefinite lengths (additional information 31) and the reserved values 28-30. Non-shortest encodings of the
     * argument are accepted: basic validity does not require preferred serialization.
     */
    private long header(int expectedMajor, String what) throws ScopeFormatException {
        if (pos >= in.length) {
            fail("truncated: " + what + ", found end of input");
        }
        int initial = in[pos++] & 0xff;
        int major = initial >>> 5;
        int info = initial & 0x1f;
        if (major != expectedMajor) {
            fail(what + ", found " + MAJOR_NAMES[major]);
        }
        if (info == 31) {
            fail(what + ": indefinite-length encoding is not allowed");
        }
        if (info > 27) {
            fail(what + ": reserved additional information " + info);
        }
        return argument(info);
    }

    /** The argument for additional information 0-27; values above Long.MAX_VALUE saturate (all are too large). */
    private long argument(int info) throws ScopeFormatException {
        if (info < 24) {
            return info;
        }
        int size = 1 << (info - 24); // 1, 2, 4 or 8 bytes follow
        if (size > in.length - pos) {
            fail("truncated: " + size + "-byte length, " + (in.length - pos) + " byte(s) left");
        }
        long value = 0;
        for (int i = 0; i < size; i++) {
            value = (value << 8) | (in[pos++] & 0xff);
        }
        return value < 0 ? Long.MAX_VALUE : value;
    }

    private void fail(String message) throws ScopeFormatException {
        throw new ScopeFormatException(ScopeBuilder.entry(index) + message);
    }
}

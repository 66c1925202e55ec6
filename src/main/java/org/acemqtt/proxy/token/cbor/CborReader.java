package org.acemqtt.proxy.token.cbor;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A small strict CBOR decoder (RFC 8949) for tokens received from the network.
 *
 * <p>Refused: indefinite lengths (COSE and CWT never need them), nesting deeper than {@code maxDepth} (arrays, maps
 * and tags all count), input longer than {@code maxBytes}, declared lengths larger than the bytes left (checked
 * before anything is allocated), duplicate map keys, map keys other than integers, text or byte strings, invalid
 * UTF-8, simple values other than false/true/null/undefined, integers outside the {@code long} range and any byte
 * after the top-level item. Integers need not be in shortest form, but keys are compared by value, so {@code 0x01}
 * and {@code 0x1801} are the same key. Recursion depth is bounded by {@code maxDepth} (at most 64), so hostile
 * nesting cannot exhaust the stack; work is linear in the input size. Byte strings are views on the input array,
 * which callers must not change afterwards.
 */
public final class CborReader {
    public static final int DEFAULT_MAX_DEPTH = 16;
    public static final int DEFAULT_MAX_BYTES = 64 * 1024;
    private static final int HARD_MAX_DEPTH = 64;
    private static final int LINEAR_KEY_CHECK = 8;

    private final byte[] in;
    private final int end;
    private final int maxDepth;
    private int pos;

    private CborReader(byte[] in, int offset, int end, int maxDepth) {
        this.in = in;
        this.pos = offset;
        this.end = end;
        this.maxDepth = maxDepth;
    }

    /** Decodes exactly one item filling the whole array, with the default limits. */
    public static CborItem decode(byte[] data) throws CborException {
        return decode(data, 0, data.length, DEFAULT_MAX_DEPTH, DEFAULT_MAX_BYTES);
    }

    /** Decodes exactly one item filling {@code data[offset, offset+length)}. */
    public static CborItem decode(byte[] data, int offset, int length, int maxDepth, int maxBytes)
            throws CborException {
        if (maxDepth < 1 || maxDepth > HARD_MAX_DEPTH) {
            throw new IllegalArgumentException("maxDepth must be in 1.." + HARD_MAX_DEPTH);
        }
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new IllegalArgumentException("slice out of range");
        }
        if (length > maxBytes) {
            throw new CborException("input of " + length + " bytes exceeds the limit of " + maxBytes, offset);
        }
        if (length == 0) {
            throw new CborException("empty input", offset);
        }
        CborReader r = new CborReader(data, offset, offset + length, maxDepth);
        CborItem item = r.readItem(1);
        if (r.pos != r.end) {
            throw new CborException((r.end - r.pos) + " trailing bytes after the CBOR item", r.pos);
        }
        return item;
    }

    /** Decodes a byte string's content as one CBOR item (e.g. a protected header or a bstr-wrapped payload). */
    public static CborItem decode(CborBytes bytes, int maxDepth) throws CborException {
        return decode(bytes.source(), bytes.offset(), bytes.length(), maxDepth, Integer.MAX_VALUE);
    }

    private CborItem readItem(int depth) throws CborException {
        int start = pos;
        int initial = readByte();
        int major = initial >>> 5;
        int info = initial & 0x1f;
        if (major == 7) {
            return readSimpleOrFloat(info, start);
        }
        long arg = readArgument(info, start);
        switch (major) {
            case 0:
                return new CborInt(requireLong(arg, start));
            case 1:
                return new CborInt(-1 - requireLong(arg, start));
            case 2: {
                int len = requireAvailable(arg, 1, start);
                CborBytes b = new CborBytes(in, pos, len);
                pos += len;
                return b;
            }
            case 3:
                return new CborText(readText(requireAvailable(arg, 1, start), start));
            case 4:
                return readArray(requireAvailable(arg, 1, start), depth, start);
            case 5:
                return readMap(requireAvailable(arg, 2, start), depth, start);
            default: // 6
                checkDepth(depth, start);
                return new CborTag(arg, readItem(depth + 1));
        }
    }

    private CborArray readArray(int count, int depth, int start) throws CborException {
        checkDepth(depth, start);
        List<CborItem> items = new ArrayList<>(Math.min(count, 16));
        for (int i = 0; i < count; i++) {
            items.add(readItem(depth + 1));
        }
        return new CborArray(items, in, start, pos - start);
    }

    private CborMap readMap(int count, int depth, int start) throws CborException {
        checkDepth(depth, start);
        CborItem[] keys = new CborItem[count];
        CborItem[] values = new CborItem[count];
        Set<CborItem> seen = count > LINEAR_KEY_CHECK ? new HashSet<>(count * 2) : null;
        for (int i = 0; i < count; i++) {
            int keyAt = pos;
            CborItem key = readItem(depth + 1);
            if (!(key instanceof CborInt || key instanceof CborText || key instanceof CborBytes)) {
                throw new CborException("map key must be an integer, text or byte string", keyAt);
            }
            boolean duplicate = seen != null ? !seen.add(key) : containsKey(keys, i, key);
            if (duplicate) {
                throw new CborException("duplicate map key " + describe(key), keyAt);
            }
            keys[i] = key;
            values[i] = readItem(depth + 1);
        }
        return new CborMap(keys, values);
    }

    private static boolean containsKey(CborItem[] keys, int n, CborItem key) {
        for (int i = 0; i < n; i++) {
            if (keys[i].equals(key)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(CborItem key) {
        return key instanceof CborBytes ? "(byte string)" : key.toString();
    }

    private CborItem readSimpleOrFloat(int info, int start) throws CborException {
        switch (info) {
            case 20: return CborSimple.FALSE;
            case 21: return CborSimple.TRUE;
            case 22: return CborSimple.NULL;
            case 23: return CborSimple.UNDEFINED;
            case 25: return new CborFloat(halfToDouble((int) readUnsigned(2)));
            case 26: return new CborFloat(Float.intBitsToFloat((int) readUnsigned(4)));
            case 27: return new CborFloat(Double.longBitsToDouble(readUnsigned(8)));
            case 31: throw new CborException("unexpected break / indefinite length not accepted", start);
            default: throw new CborException("unsupported simple value " + info, start);
        }
    }

    private static double halfToDouble(int half) {
        int exp = (half >> 10) & 0x1f;
        int mant = half & 0x3ff;
        double val;
        if (exp == 0) {
            val = Math.scalb((double) mant, -24);
        } else if (exp != 31) {
            val = Math.scalb((double) (mant + 1024), exp - 25);
        } else {
            val = mant == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        }
        return (half & 0x8000) != 0 ? -val : val;
    }

    private long readArgument(int info, int start) throws CborException {
        if (info < 24) {
            return info;
        }
        switch (info) {
            case 24: return readUnsigned(1);
            case 25: return readUnsigned(2);
            case 26: return readUnsigned(4);
            case 27: return readUnsigned(8);
            case 31: throw new CborException("indefinite length not accepted", start);
            default: throw new CborException("reserved additional information " + info, start);
        }
    }

    private long readUnsigned(int n) throws CborException {
        if (end - pos < n) {
            throw new CborException("truncated: need " + n + " more bytes", pos);
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (in[pos++] & 0xff);
        }
        return v;
    }

    private int readByte() throws CborException {
        if (pos >= end) {
            throw new CborException("truncated: item expected", pos);
        }
        return in[pos++] & 0xff;
    }

    private static long requireLong(long arg, int start) throws CborException {
        if (arg < 0) { // unsigned 64-bit value above Long.MAX_VALUE
            throw new CborException("integer out of range", start);
        }
        return arg;
    }

    /** The declared count as an int, if at least {@code minBytesEach * count} bytes are left (else no allocation). */
    private int requireAvailable(long count, int minBytesEach, int start) throws CborException {
        long left = end - pos;
        if (count < 0 || count > left / minBytesEach) {
            throw new CborException("declared length " + Long.toUnsignedString(count) + " exceeds the "
                    + left + " bytes left", start);
        }
        return (int) count;
    }

    private void checkDepth(int depth, int start) throws CborException {
        if (depth > maxDepth) {
            throw new CborException("nesting deeper than " + maxDepth, start);
        }
    }

    private String readText(int len, int start) throws CborException {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(in, pos, len));
            pos += len;
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new CborException("text string is not valid UTF-8", start);
        }
    }
}

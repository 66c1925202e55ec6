package org.acemqtt.proxy.token.cbor;

import java.util.Arrays;

/**
 * A CBOR byte string. A view on the decoder's input (no copy at decode time); {@link #toByteArray()} copies.
 * Equality is by content. {@link #toString()} prints only the length: byte strings may hold keys.
 */
public final class CborBytes implements CborItem {
    private final byte[] source;
    private final int offset;
    private final int length;

    public CborBytes(byte[] source, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > source.length) {
            throw new IllegalArgumentException("slice out of range");
        }
        this.source = source;
        this.offset = offset;
        this.length = length;
    }

    public static CborBytes of(byte[] bytes) {
        return new CborBytes(bytes, 0, bytes.length);
    }

    public int length() {
        return length;
    }

    /** The backing array; read only, together with {@link #offset()} and {@link #length()}. */
    public byte[] source() {
        return source;
    }

    public int offset() {
        return offset;
    }

    public byte[] toByteArray() {
        return Arrays.copyOfRange(source, offset, offset + length);
    }

    public byte byteAt(int index) {
        return source[offset + index];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CborBytes b
                && Arrays.equals(source, offset, offset + length, b.source, b.offset, b.offset + b.length);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + source[i];
        }
        return h;
    }

    @Override
    public String toString() {
        return "CborBytes[" + length + " bytes]";
    }
}

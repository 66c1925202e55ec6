package org.acemqtt.proxy.token.cbor;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal CBOR encoder (definite lengths, shortest-form heads) for the structures this project builds itself:
 * COSE Sig/MAC/Enc structures, introspection requests and test tokens.
 */
public final class CborWriter {
    private byte[] buf = new byte[64];
    private int len;

    public CborWriter arrayHeader(int count) {
        return head(4, count);
    }

    public CborWriter mapHeader(int count) {
        return head(5, count);
    }

    public CborWriter tag(long tag) {
        return head(6, tag);
    }

    public CborWriter integer(long value) {
        return value >= 0 ? head(0, value) : head(1, -1 - value);
    }

    public CborWriter bytes(byte[] value) {
        return bytes(value, 0, value.length);
    }

    public CborWriter bytes(byte[] value, int off, int n) {
        head(2, n);
        return raw(value, off, n);
    }

    public CborWriter text(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        head(3, utf8.length);
        return raw(utf8, 0, utf8.length);
    }

    public CborWriter bool(boolean value) {
        return raw(new byte[] {(byte) (value ? 0xf5 : 0xf4)}, 0, 1);
    }

    public CborWriter nil() {
        return raw(new byte[] {(byte) 0xf6}, 0, 1);
    }

    public CborWriter float64(double value) {
        head(7, 0); // placeholder byte replaced below
        buf[len - 1] = (byte) 0xfb;
        long bits = Double.doubleToLongBits(value);
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) bits;
            bits >>>= 8;
        }
        return raw(b, 0, 8);
    }

    /** Appends bytes that already are encoded CBOR. */
    public CborWriter raw(byte[] encoded) {
        return raw(encoded, 0, encoded.length);
    }

    public CborWriter raw(byte[] encoded, int off, int n) {
        ensure(n);
        System.arraycopy(encoded, off, buf, len, n);
        len += n;
        return this;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    private CborWriter head(int major, long value) {
        ensure(9);
        len = encodeHead(major, value, buf, len);
        return this;
    }

    /** Writes a shortest-form CBOR head into {@code out} at {@code at}; returns the new end offset. */
    public static int encodeHead(int major, long value, byte[] out, int at) {
        int mt = major << 5;
        if (value >= 0 && value < 24) {
            out[at++] = (byte) (mt | value);
        } else if (value >= 0 && value <= 0xff) {
            out[at++] = (byte) (mt | 24);
            out[at++] = (byte) value;
        } else if (value >= 0 && value <= 0xffff) {
            out[at++] = (byte) (mt | 25);
            out[at++] = (byte) (value >>> 8);
            out[at++] = (byte) value;
        } else if (value >= 0 && value <= 0xffffffffL) {
            out[at++] = (byte) (mt | 26);
            for (int s = 24; s >= 0; s -= 8) {
                out[at++] = (byte) (value >>> s);
            }
        } else {
            out[at++] = (byte) (mt | 27);
            for (int s = 56; s >= 0; s -= 8) {
                out[at++] = (byte) (value >>> s);
            }
        }
        return at;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }
}

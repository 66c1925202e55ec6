package org.acemqtt.proxy.token.cbor;

import java.util.Arrays;
import java.util.List;

/** A definite-length CBOR array; remembers its own encoded bytes (needed for a scope sent as a CBOR array). */
public final class CborArray implements CborItem {
    private final List<CborItem> items;
    private final byte[] source;
    private final int rawOffset;
    private final int rawLength;

    CborArray(List<CborItem> items, byte[] source, int rawOffset, int rawLength) {
        this.items = List.copyOf(items);
        this.source = source;
        this.rawOffset = rawOffset;
        this.rawLength = rawLength;
    }

    public List<CborItem> items() {
        return items;
    }

    public int size() {
        return items.size();
    }

    public CborItem get(int index) {
        return items.get(index);
    }

    /** A copy of this array's encoding exactly as received. */
    public byte[] encoded() {
        return Arrays.copyOfRange(source, rawOffset, rawOffset + rawLength);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CborArray a && items.equals(a.items);
    }

    @Override
    public int hashCode() {
        return items.hashCode();
    }

    @Override
    public String toString() {
        return "CborArray" + items;
    }
}

package org.acemqtt.proxy.token.cbor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A definite-length CBOR map with unique keys, in wire order. Keys are integers, text or byte strings only.
 * Lookups are linear: COSE headers, COSE keys and CWT claim sets have a handful of entries, and the reader bounds
 * the total input size.
 */
public final class CborMap implements CborItem {
    private final CborItem[] keys;
    private final CborItem[] values;

    CborMap(CborItem[] keys, CborItem[] values) {
        this.keys = keys;
        this.values = values;
    }

    public int size() {
        return keys.length;
    }

    /** The value under an integer label, or {@code null}. */
    public CborItem get(long label) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] instanceof CborInt k && k.value() == label) {
                return values[i];
            }
        }
        return null;
    }

    /** The value under a key item, or {@code null}. */
    public CborItem get(CborItem key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return values[i];
            }
        }
        return null;
    }

    public CborItem keyAt(int index) {
        return keys[index];
    }

    public CborItem valueAt(int index) {
        return values[index];
    }

    public List<Map.Entry<CborItem, CborItem>> entries() {
        List<Map.Entry<CborItem, CborItem>> out = new ArrayList<>(keys.length);
        for (int i = 0; i < keys.length; i++) {
            out.add(Map.entry(keys[i], values[i]));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CborMap m && entries().equals(m.entries());
    }

    @Override
    public int hashCode() {
        return entries().hashCode();
    }

    @Override
    public String toString() {
        return "CborMap" + entries();
    }
}

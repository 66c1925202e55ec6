package org.acemqtt.proxy.token.cbor;

/** A CBOR major type 0 or 1 integer that fits a Java {@code long} (others are refused by the reader). */
public record CborInt(long value) implements CborItem {
}

package org.acemqtt.proxy.token.cbor;

/** A CBOR half, single or double precision float (major type 7), widened to {@code double}. */
public record CborFloat(double value) implements CborItem {
}

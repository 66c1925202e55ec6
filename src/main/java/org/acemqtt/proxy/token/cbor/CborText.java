package org.acemqtt.proxy.token.cbor;

/** A CBOR text string, validated as UTF-8 by the reader. */
public record CborText(String value) implements CborItem {
}

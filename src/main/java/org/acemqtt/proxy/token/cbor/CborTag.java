package org.acemqtt.proxy.token.cbor;

/** A CBOR tag (major type 6) and the item it wraps; tags are preserved, never dropped. */
public record CborTag(long tag, CborItem content) implements CborItem {
}

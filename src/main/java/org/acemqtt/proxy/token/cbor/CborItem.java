package org.acemqtt.proxy.token.cbor;

/**
 * One decoded CBOR data item (RFC 8949). Immutable; tags are kept as {@link CborTag} wrappers and integer map
 * keys stay integers.
 */
public sealed interface CborItem
        permits CborInt, CborBytes, CborText, CborArray, CborMap, CborTag, CborSimple, CborFloat {
}

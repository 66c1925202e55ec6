package org.acemqtt.proxy.token.cbor;

/** The CBOR simple values the reader accepts; every other simple value is refused. */
public enum CborSimple implements CborItem {
    FALSE, TRUE, NULL, UNDEFINED
}

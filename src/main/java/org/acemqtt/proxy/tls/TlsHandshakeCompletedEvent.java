package org.acemqtt.proxy.tls;

/**
 * User event fired by {@link BcTlsServerHandler} once the handshake succeeded, after {@link TlsSessionInfo#ATTRIBUTE}
 * is set and before any plaintext goes downstream.
 */
public record TlsHandshakeCompletedEvent(TlsSessionInfo session) {
}

package org.acemqtt.proxy.tls;

/**
 * User event fired by {@link BcTlsServerHandler} when the handshake failed (alert sent or received, malformed record,
 * timeout, connection closed early). The channel is being closed.
 *
 * @param reason a short, log-safe description (never key material)
 * @param cause  the underlying exception, or null (timeout, early close)
 */
public record TlsHandshakeFailedEvent(String reason, Throwable cause) {
    public TlsHandshakeFailedEvent(String reason) {
        this(reason, null);
    }
}

package org.acemqtt.proxy.relay;

import java.util.logging.Logger;
import org.acemqtt.proxy.tls.TlsHandshakeCompletedEvent;
import org.acemqtt.proxy.tls.TlsHandshakeFailedEvent;

/** The relay's reaction to the TLS handler's events: a failed handshake is logged, counted and ends the relay. */
final class TlsEvents {
    private static final Logger LOG = Logger.getLogger(TlsEvents.class.getName());

    private TlsEvents() {
    }

    static void onClientEvent(ConnectionRelay relay, Object event) {
        if (event instanceof TlsHandshakeFailedEvent failed) {
            LOG.info(() -> "TLS handshake with " + relay.client.remoteAddress() + " failed: " + failed.reason());
            relay.context.metrics.event("tls.handshake.failures", "handshake_failed").increment();
            relay.close(DisconnectCause.TLS_HANDSHAKE_FAILED);
        } else if (event instanceof TlsHandshakeCompletedEvent completed) {
            relay.tlsHandshaking = false;
            LOG.fine(() -> "TLS " + completed.session().protocol() + " " + completed.session().cipherSuite()
                    + " with " + relay.client.remoteAddress());
        }
    }
}

package org.acemqtt.proxy.relay;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Every live relay, so that shutdown can drain them (CONTRACT.md: SIGTERM sends DISCONNECT 0x8B to each). */
final class ConnectionRegistry {
    private final Set<ConnectionRelay> relays = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, ConnectionRelay> byClientId = new ConcurrentHashMap<>();
    private volatile boolean draining;

    boolean isDraining() {
        return draining;
    }

    void add(ConnectionRelay relay) {
        relays.add(relay);
    }

    void remove(ConnectionRelay relay) {
        relays.remove(relay);
    }

    /**
     * Records {@code relay} as the connection of {@code clientId}; an earlier connection with the same identifier is
     * told to end with DISCONNECT 0x8E Session taken over (RFC 9431 §2.2.4.1, R-33), on its own event loop, whatever
     * the upstream broker does. Empty identifiers (assigned by the broker) are never shared.
     */
    void claimClientId(String clientId, ConnectionRelay relay) {
        if (clientId.isEmpty()) {
            return;
        }
        ConnectionRelay previous = byClientId.put(clientId, relay);
        if (previous != null && previous != relay) {
            previous.client.eventLoop().execute(() -> previous.close(DisconnectCause.SESSION_TAKEN_OVER));
        }
    }

    void releaseClientId(String clientId, ConnectionRelay relay) {
        if (!clientId.isEmpty()) {
            byClientId.remove(clientId, relay);
        }
    }

    int size() {
        return relays.size();
    }

    /** Asks every relay, on its own event loop, to end with DISCONNECT 0x8B Server shutting down. */
    void shutdownAll() {
        draining = true;
        for (ConnectionRelay relay : relays) {
            relay.shutdown();
        }
    }
}

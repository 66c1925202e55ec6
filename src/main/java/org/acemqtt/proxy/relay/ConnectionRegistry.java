package org.acemqtt.proxy.relay;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Every live relay, so that shutdown can drain them (CONTRACT.md: SIGTERM sends DISCONNECT 0x8B to each). */
final class ConnectionRegistry {
    private final Set<ConnectionRelay> relays = ConcurrentHashMap.newKeySet();
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

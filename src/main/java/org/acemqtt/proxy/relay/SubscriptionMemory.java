package org.acemqtt.proxy.relay;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The subscriptions each persistent session holds at the broker, as far as this proxy granted them, so that a session
 * resumed under a different grant can be re-authorized (RFC 9431 §2.2.4.1, R-31): what the new grant no longer covers
 * is unsubscribed on the client's behalf before the client gets its CONNACK. In memory and bounded (least recently
 * used sessions are forgotten first); after a proxy restart, deliveries are still re-checked one by one.
 * Thread-safe: sessions move between event loops.
 */
final class SubscriptionMemory {
    static final int MAX_SESSIONS = 100_000;
    private final Map<String, Set<String>> bySession = Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
                    return size() > MAX_SESSIONS;
                }
            });

    void granted(String session, String filter) {
        if (!session.isEmpty()) {
            synchronized (bySession) {
                bySession.computeIfAbsent(session, s -> new LinkedHashSet<>()).add(filter);
            }
        }
    }

    void removed(String session, String filter) {
        synchronized (bySession) {
            Set<String> filters = bySession.get(session);
            if (filters != null) {
                filters.remove(filter);
            }
        }
    }

    /** The session ended at the broker (Clean Start 1): nothing of it is left to re-authorize. */
    void forget(String session) {
        bySession.remove(session);
    }

    Set<String> filters(String session) {
        synchronized (bySession) {
            Set<String> filters = bySession.get(session);
            return filters == null ? Set.of() : Set.copyOf(filters);
        }
    }
}

package org.acemqtt.proxy.relay;

import java.util.Set;
import org.acemqtt.proxy.auth.Grant;
import org.acemqtt.proxy.revocation.RevocationList;
import org.acemqtt.proxy.token.AccessToken;
import java.util.concurrent.ConcurrentHashMap;

/** Every live relay, so that shutdown can drain them (CONTRACT.md: SIGTERM sends DISCONNECT 0x8B to each). */
final class ConnectionRegistry {
    private final Set<ConnectionRelay> relays = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, ConnectionRelay> byClientId = new ConcurrentHashMap<>();
    /** Live connections by the PoP key their grant is bound to (hex of {@link Grant#holderIdentity()}). */
    private final ConcurrentHashMap<String, Set<ConnectionRelay>> byHolder = new ConcurrentHashMap<>();

    /** Live connections by the SHA-256 (hex) of the token behind their grant, for the Token Revocation List. */
    private final ConcurrentHashMap<String, Set<ConnectionRelay>> byToken = new ConcurrentHashMap<>();

    void bindHolder(Grant grant, ConnectionRelay relay) {
        if (grant.token() != null) {
            byHolder.computeIfAbsent(holder(grant), k -> ConcurrentHashMap.newKeySet()).add(relay);
            byToken.computeIfAbsent(tokenHash(grant), k -> ConcurrentHashMap.newKeySet()).add(relay);
        }
    }

    void unbindHolder(Grant grant, ConnectionRelay relay) {
        if (grant != null && grant.token() != null) {
            byHolder.computeIfPresent(holder(grant), (k, set) -> {
                set.remove(relay);
                return set.isEmpty() ? null : set;
            });
            byToken.computeIfPresent(tokenHash(grant), (k, set) -> {
                set.remove(relay);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /**
     * After a Token Revocation List poll: every live connection whose token is listed is told to end with DISCONNECT
     * 0x87 (token_revoked), on its own event loop. Walks the live tokens, not the list, so a connection that slipped
     * between its verification and the previous poll is caught too; a relay also checks the list when it is
     * established (see {@link ConnectionRelay}), which closes the window between this walk and its binding.
     *
     * @return how many connections were told to end
     */
    int revokeListed(RevocationList list) {
        int told = 0;
        if (list.size() == 0) {
            return 0;
        }
        for (var entry : byToken.entrySet()) {
            if (list.isRevokedHex(entry.getKey())) {
                for (ConnectionRelay relay : entry.getValue()) {
                    relay.client.eventLoop().execute(relay::revokedByList);
                    told++;
                }
            }
        }
        return told;
    }

    private static String tokenHash(Grant grant) {
        return java.util.HexFormat.of().formatHex(grant.token().tokenSha256());
    }

    /**
     * RFC 9200 §5.10.1 supersede semantics (SPEC 2.P): a newer token for the same PoP key, uploaded to authz-info,
     * replaces the grant of every live connection bound to that key, each on its own event loop.
     */
    void supersede(AccessToken token) {
        Grant probe = Grant.fromToken(token, "authz_info", false);
        Set<ConnectionRelay> bound = byHolder.get(holder(probe));
        if (bound != null) {
            for (ConnectionRelay relay : bound) {
                relay.client.eventLoop().execute(() -> relay.supersede(token));
            }
        }
    }

    private static String holder(Grant grant) {
        return java.util.HexFormat.of().formatHex(grant.holderIdentity());
    }
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

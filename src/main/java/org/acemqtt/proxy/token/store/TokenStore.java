package org.acemqtt.proxy.token.store;

import java.util.Optional;
import org.acemqtt.proxy.token.AccessToken;

/**
 * Tokens received on {@code authz-info} (RFC 9200 §5.10.1, RFC 9431 §2.2.2), kept for later TLS-PSK and raw public
 * key connections: one token per PoP key (a newer token for the same key supersedes the older one), found by
 * {@code kid} (PSK identity) or by the SHA-256 of the client's SubjectPublicKeyInfo (RFC 7250 raw public key).
 * Expired tokens are never returned. Implementations must be thread-safe (several event loops use one store);
 * behind this interface a store shared by several proxy replicas can follow.
 */
public interface TokenStore {
    /** What {@link #put} did. */
    enum Outcome {
        /** Stored; no token was held for this key. */
        STORED,
        /** Stored and replaced the older token for the same PoP key. */
        SUPERSEDED,
        /** Stored after evicting another valid token because the store was full (see {@link #evictions()}). */
        STORED_AFTER_EVICTION,
        /** The same token (by hash) is already held. */
        ALREADY_STORED,
        /** Not stored: the held token for this key was issued later (replay of an older token). */
        OLDER_THAN_HELD,
        /** Not stored: already expired, or it has no PoP key to index it by. */
        NOT_STORABLE
    }

    Outcome put(AccessToken token);

    Optional<AccessToken> findByKid(byte[] kid);

    Optional<AccessToken> findByPublicKeySha256(byte[] spkiSha256);

    /** Removes expired tokens; returns how many. */
    int purgeExpired();

    int size();

    /** Valid tokens evicted because the store was full (a metric: a non-zero value means raise the capacity). */
    long evictions();
}

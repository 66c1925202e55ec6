package org.acemqtt.proxy.revocation;

import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The revoked token hashes currently known, as lowercase hex of SHA-256 over the token as received
 * ({@code AccessToken.tokenSha256()}). A poll replaces the whole set at once (the TRL is a full list); readers see
 * either the old or the new set, never a mix. Bounded: at most {@link #capacity()} hashes are kept. Thread-safe.
 */
public final class RevocationList {
    public static final int DEFAULT_CAPACITY = 100_000;
    private final int capacity;
    private volatile Set<String> revoked = Set.of();

    public RevocationList() {
        this(DEFAULT_CAPACITY);
    }

    public RevocationList(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    /** Whether the token whose SHA-256 is {@code tokenSha256} is listed. */
    public boolean isRevoked(byte[] tokenSha256) {
        Set<String> current = revoked;
        return !current.isEmpty() && current.contains(HexFormat.of().formatHex(tokenSha256));
    }

    public boolean isRevokedHex(String tokenSha256Hex) {
        return revoked.contains(tokenSha256Hex);
    }

    /**
     * Replaces the list with {@code hashes} (hex), keeping at most {@link #capacity()} of them in their order.
     *
     * @return what changed: hashes listed now that were not before, and how many were dropped over the capacity
     */
    public Update replace(Iterable<String> hashes) {
        Set<String> next = new LinkedHashSet<>();
        int dropped = 0;
        for (String h : hashes) {
            if (next.size() >= capacity) {
                if (!next.contains(h)) {
                    dropped++;
                }
            } else {
                next.add(h);
            }
        }
        Set<String> previous = revoked;
        Set<String> added = new LinkedHashSet<>();
        for (String h : next) {
            if (!previous.contains(h)) {
                added.add(h);
            }
        }
        revoked = Collections.unmodifiableSet(next);
        return new Update(Collections.unmodifiableSet(added), dropped, next.size());
    }

    public int size() {
        return revoked.size();
    }

    public int capacity() {
        return capacity;
    }

    /** The current hashes (hex), an immutable snapshot. */
    public Set<String> snapshot() {
        return revoked;
    }

    /**
     * @param added   hashes newly listed by this update
     * @param dropped hashes the document listed beyond the capacity (not kept)
     * @param size    hashes kept
     */
    public record Update(Set<String> added, int dropped, int size) {
    }
}

package org.acemqtt.proxy.token.store;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.acemqtt.proxy.token.AccessToken;
import org.acemqtt.proxy.token.PopKey;

/**
 * A bounded in-process {@link TokenStore}. When full, expired tokens go first, then the valid token that expires
 * soonest (counted in {@link #evictions()}). All operations take one lock: they are O(log n) map updates, far
 * cheaper than the token verification that precedes every {@code put}.
 */
public final class InMemoryTokenStore implements TokenStore {
    private final int capacity;
    private final Clock clock;
    private final Map<ByteBuffer, Entry> byIdentity = new HashMap<>();
    private final Map<ByteBuffer, Entry> byKid = new HashMap<>();
    private final Map<ByteBuffer, Entry> bySpki = new HashMap<>();
    private final TreeMap<Order, Entry> byExpiry = new TreeMap<>();
    private final AtomicLong evictions = new AtomicLong();
    private long sequence;

    private record Order(Instant expiry, long seq) implements Comparable<Order> {
        @Override
        public int compareTo(Order o) {
            int c = expiry.compareTo(o.expiry);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private record Entry(AccessToken token, ByteBuffer identity, ByteBuffer kid, ByteBuffer spki, Order order) {
    }

    public InMemoryTokenStore(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.clock = clock;
    }

    @Override
    public synchronized Outcome put(AccessToken token) {
        Instant now = clock.instant();
        PopKey key = token.popKey();
        if (key == null || token.isExpired(now)) {
            return Outcome.NOT_STORABLE;
        }
        ByteBuffer identity = identity(key);
        Entry held = byIdentity.get(identity);
        Outcome outcome = Outcome.STORED;
        if (held != null) {
            if (ByteBuffer.wrap(held.token().tokenSha256()).equals(ByteBuffer.wrap(token.tokenSha256()))) {
                return Outcome.ALREADY_STORED;
            }
            if (issuedBefore(token, held.token())) {
                return Outcome.OLDER_THAN_HELD;
            }
            remove(held);
            outcome = Outcome.SUPERSEDED;
        }
        if (byIdentity.size() >= capacity) {
            purgeExpired(now);
        }
        if (byIdentity.size() >= capacity) {
            remove(byExpiry.firstEntry().getValue());
            evictions.incrementAndGet();
            outcome = Outcome.STORED_AFTER_EVICTION;
        }
        byte[] kid = key.kid();
        byte[] spki = key.publicKeySha256();
        Entry e = new Entry(token, identity, kid == null ? null : ByteBuffer.wrap(kid),
                spki == null ? null : ByteBuffer.wrap(spki),
                new Order(token.effectiveExpiry().orElse(Instant.MAX), sequence++));
        byIdentity.put(identity, e);
        if (e.kid() != null) {
            Entry other = byKid.put(e.kid(), e);
            if (other != null) { // another key type with the same kid: the newer token wins the kid
                remove(other);
                byKid.put(e.kid(), e);
            }
        }
        if (e.spki() != null) {
            bySpki.put(e.spki(), e);
        }
        byExpiry.put(e.order(), e);
        return outcome;
    }

    @Override
    public synchronized Optional<AccessToken> findByKid(byte[] kid) {
        return live(byKid.get(ByteBuffer.wrap(kid.clone())));
    }

    @Override
    public synchronized Optional<AccessToken> findByPublicKeySha256(byte[] spkiSha256) {
        return live(bySpki.get(ByteBuffer.wrap(spkiSha256.clone())));
    }

    @Override
    public synchronized int purgeExpired() {
        return purgeExpired(clock.instant());
    }

    @Override
    public synchronized int size() {
        return byIdentity.size();
    }

    @Override
    public long evictions() {
        return evictions.get();
    }

    private Optional<AccessToken> live(Entry e) {
        if (e == null) {
            return Optional.empty();
        }
        if (e.token().isExpired(clock.instant())) {
            remove(e);
            return Optional.empty();
        }
        return Optional.of(e.token());
    }

    private int purgeExpired(Instant now) {
        int n = 0;
        while (!byExpiry.isEmpty() && !now.isBefore(byExpiry.firstKey().expiry())) {
            remove(byExpiry.firstEntry().getValue());
            n++;
        }
        return n;
    }

    private void remove(Entry e) {
        byIdentity.remove(e.identity(), e);
        if (e.kid() != null) {
            byKid.remove(e.kid(), e);
        }
        if (e.spki() != null) {
            bySpki.remove(e.spki(), e);
        }
        byExpiry.remove(e.order());
    }

    private static boolean issuedBefore(AccessToken incoming, AccessToken held) {
        return incoming.issuedAt().isPresent() && held.issuedAt().isPresent()
                && incoming.issuedAt().get().isBefore(held.issuedAt().get());
    }

    /** One token per PoP key: public keys by SPKI hash, symmetric keys and kid references by kid. */
    private static ByteBuffer identity(PopKey key) {
        byte[] spki = key.publicKeySha256();
        if (spki != null) {
            return tagged((byte) 1, spki);
        }
        byte[] kid = key.kid();
        if (kid != null) {
            return tagged((byte) 2, kid);
        }
        return tagged((byte) 3, ((PopKey.Symmetric) key).keySha256());
    }

    private static ByteBuffer tagged(byte tag, byte[] value) {
        byte[] b = new byte[value.length + 1];
        b[0] = tag;
        System.arraycopy(value, 0, b, 1, value.length);
        return ByteBuffer.wrap(b);
    }
}

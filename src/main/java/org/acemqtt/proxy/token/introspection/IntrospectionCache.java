package org.acemqtt.proxy.token.introspection;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;
import org.acemqtt.proxy.token.VerificationResult;

/**
 * Successful introspection results by SHA-256 of the token (RFC 9431 §2.4.2: the RS may cache the answer instead
 * of introspecting on every connection), each until its own deadline: {@code min(now + cacheSeconds, effective
 * expiry of the token)}. Bounded: when full, the least recently used entry goes (an expired entry is dropped
 * when it is next looked up, or ages out of the LRU order). Only grants are stored (see {@link IntrospectionClient}
 * for why refusals are not). Thread-safe; every operation is O(1) under one lock.
 */
final class IntrospectionCache {
    private record Entry(VerificationResult result, Instant until) {
    }

    private final int maxEntries;
    private final LinkedHashMap<String, Entry> entries;

    IntrospectionCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(16, 0.75f, true);
    }

    synchronized Optional<VerificationResult> get(String key, Instant now) {
        Entry e = entries.get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (!now.isBefore(e.until())) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(e.result());
    }

    synchronized void put(String key, VerificationResult result, Instant until, Instant now) {
        if (!result.isSuccess() || !now.isBefore(until)) {
            return;
        }
        entries.remove(key);
        if (entries.size() >= maxEntries) {
            Iterator<String> lru = entries.keySet().iterator();
            lru.next();
            lru.remove();
        }
        entries.put(key, new Entry(result, until));
    }

    synchronized boolean remove(String key) {
        return entries.remove(key) != null;
    }

    synchronized void clear() {
        entries.clear();
    }

    synchronized int size() {
        return entries.size();
    }
}

package org.acemqtt.proxy.token;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Parses each distinct scope claim once, so that the grants of a fleet of devices holding the same scope share one
 * immutable scope object instead of one parsed copy per connection (issue 7: a 10-entry AIF scope is about 2 KiB of
 * entries, filters and strings). Bounded: when {@link #MAX_SCOPES} distinct claims are held the memory is cleared and
 * refilled from the claims seen next, which keeps it small without LRU bookkeeping. Malformed claims are never
 * remembered (the delegate throws again each time). Thread-safe.
 */
public final class SharedScopeParser implements ScopeParser {
    static final int MAX_SCOPES = 4_096;

    private final ScopeParser delegate;
    private final ConcurrentHashMap<ScopeClaim, Parsed> parsed = new ConcurrentHashMap<>();

    /** A claim as first seen and what it parsed to; tokens with an equal claim share both. */
    private record Parsed(ScopeClaim claim, Object scope) {
    }

    /** @param delegate must return immutable, thread-safe scope objects */
    public SharedScopeParser(ScopeParser delegate) {
        this.delegate = delegate;
    }

    @Override
    public Object parse(ScopeClaim scope) throws Exception {
        Parsed known = parsed.get(scope);
        if (known != null) {
            return known.scope();
        }
        Parsed fresh = new Parsed(scope, delegate.parse(scope));
        if (parsed.size() >= MAX_SCOPES) {
            parsed.clear();
        }
        Parsed raced = parsed.putIfAbsent(scope, fresh);
        return (raced != null ? raced : fresh).scope();
    }

    /** The first-seen instance of an equal claim (its bytes are then held once for all tokens), else {@code scope}. */
    @Override
    public ScopeClaim canonical(ScopeClaim scope) {
        Parsed known = parsed.get(scope);
        return known != null ? known.claim() : scope;
    }

    int size() {
        return parsed.size();
    }
}

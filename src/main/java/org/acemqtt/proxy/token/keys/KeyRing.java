package org.acemqtt.proxy.token.keys;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The hot-reload seam: holds the current {@link IssuerRegistry}. A reload loads and validates a complete new
 * registry and then calls {@link #replace}; verifications in flight finish with the snapshot they started with.
 * Thread-safe.
 */
public final class KeyRing {
    private final AtomicReference<IssuerRegistry> current;

    public KeyRing(IssuerRegistry initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial));
    }

    public IssuerRegistry current() {
        return current.get();
    }

    /** Swaps in a new registry and returns the previous one. */
    public IssuerRegistry replace(IssuerRegistry next) {
        return current.getAndSet(Objects.requireNonNull(next));
    }
}

package org.acemqtt.proxy.relay;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds {@code authz-info} submissions (RFC 9200 §5.10.1.2, RFC 9431 §8: tokens that will never be used must
 * otherwise be stored until they expire): at most {@link #PER_CONNECTION} per connection and {@link #PER_ADDRESS} per
 * source address in each {@link #WINDOW_MILLIS} window. Thread-safe; the per-address table is bounded.
 */
final class UploadRateLimiter {
    static final int PER_CONNECTION = 10;
    static final int PER_ADDRESS = 50;
    static final long WINDOW_MILLIS = 10_000;
    private static final int MAX_ADDRESSES = 10_000;
    private final ConcurrentHashMap<java.net.InetAddress, Window> byAddress = new ConcurrentHashMap<>();

    boolean tryAcquire(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return true;
        }
        if (byAddress.size() > MAX_ADDRESSES) {
            long now = System.currentTimeMillis();
            byAddress.values().removeIf(window -> window.isIdle(now));
        }
        Window window = byAddress.computeIfAbsent(inet.getAddress(), a -> new Window());
        synchronized (window) {
            return window.tryAcquire(PER_ADDRESS);
        }
    }

    /** A fixed window counter. Not thread-safe by itself. */
    static final class Window {
        private long start;
        private int count;

        boolean tryAcquire(int limit) {
            long now = System.currentTimeMillis();
            if (now - start >= WINDOW_MILLIS) {
                start = now;
                count = 0;
            }
            return ++count <= limit;
        }

        boolean isIdle(long now) {
            return now - start >= WINDOW_MILLIS;
        }
    }
}

package org.acemqtt.proxy.relay;

import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.acemqtt.proxy.auth.Grant;

/**
 * Token expiry on a live connection (RFC 9431 §4, R-68..R-70): one timer per connection at the grant's expiry, re-armed
 * whenever the grant is replaced, plus a comparison of one cached long on every PUBLISH, SUBSCRIBE, PINGREQ and
 * delivery. At expiry the client gets DISCONNECT 0x87 and is closed. Confined to the connection's event loop.
 */
final class GrantExpiry {
    private static final Logger LOG = Logger.getLogger(GrantExpiry.class.getName());
    private final ConnectionRelay relay;
    private long expiresAtMillis = Long.MAX_VALUE;
    private ScheduledFuture<?> timer;

    GrantExpiry(ConnectionRelay relay) {
        this.relay = relay;
    }

    /** Arms the timer for {@code grant} (replacing any earlier one). */
    void arm(Grant grant) {
        cancel();
        expiresAtMillis = grant.expiresAt().map(java.time.Instant::toEpochMilli).orElse(Long.MAX_VALUE);
        if (expiresAtMillis != Long.MAX_VALUE) {
            long delay = Math.max(0, expiresAtMillis - System.currentTimeMillis());
            timer = relay.client.eventLoop().schedule(this::onTimer, delay, TimeUnit.MILLISECONDS);
        }
    }

    /** True (and the connection is being closed) if the grant has expired. */
    boolean expired() {
        if (System.currentTimeMillis() < expiresAtMillis) {
            return false;
        }
        LOG.info(() -> "token of client=" + relay.clientId + " expired; disconnecting");
        relay.retainedByThisClient.clear(relay);
        relay.close(DisconnectCause.TOKEN_EXPIRED);
        return true;
    }

    private void onTimer() {
        timer = null;
        if (relay.isEstablished()) {
            expired();
        }
    }

    void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}

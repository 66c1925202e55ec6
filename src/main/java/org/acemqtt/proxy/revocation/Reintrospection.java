package org.acemqtt.proxy.revocation;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.acemqtt.proxy.auth.TokenAuthority;
import org.acemqtt.proxy.token.AccessToken;
import org.acemqtt.proxy.token.VerificationResult;

/**
 * Re-introspection of a reference token on a live connection (RFC 9431 §2.4.2, RFC 9200 §5.9; SPEC ): when
 * the introspection cache lifetime ({@code ace.introspection.cacheSeconds}) has run out while the connection lives,
 * the AS is asked again; while it still vouches for the token the timer is re-armed, otherwise the owner is told to end
 * the connection. One timer per connection, on its event loop; confined to that loop. Self-contained tokens (CWTs) are
 * not re-checked here: their revocation comes from the Token Revocation List.
 *
 * <p>An unreachable AS (or an unusable answer) also ends the connection. RFC 9200 §6.10 has the RS refuse a token it
 * cannot introspect rather than grant access without the AS's answer, and a live connection is access granted anew
 * with every packet: once the cached answer is stale the proxy no longer knows the token is valid, and the token's own
 * {@code exp} says nothing about revocation, which is exactly what introspection is for. The cost is that an AS outage
 * longer than the cache lifetime disconnects reference-token clients (they can reconnect, and are refused the same way,
 * until the AS is back); operators who want to ride out outages set a longer {@code cacheSeconds}.
 */
public final class Reintrospection {
    private static final Logger LOG = Logger.getLogger(Reintrospection.class.getName());

    /** The connection whose grant is being re-checked. All calls on its event loop. */
    public interface Owner {
        /** Whether the connection is still established with a grant backed by exactly {@code token}. */
        boolean stillHolds(AccessToken token);

        /** The AS no longer vouches for {@code token} (or could not be asked): end the connection. */
        void revoked(AccessToken token, VerificationResult why);

        /**
         * The AS still vouches for the token but now answers another scope or expiry: replace the grant with
         * {@code fresh} (which re-arms this timer through {@link #arm}).
         */
        void renewed(AccessToken fresh);
    }

    private final EventExecutor loop;
    private final TokenAuthority tokens;
    private final Owner owner;
    private ScheduledFuture<?> timer;
    private AccessToken token;
    private byte[] raw;
    private long delayMillis;

    public Reintrospection(EventExecutor loop, TokenAuthority tokens, Owner owner) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    /**
     * Starts re-checking {@code granted} (replacing any earlier token); nothing happens for anonymous grants, CWTs,
     * or when introspection is not configured.
     */
    public void arm(AccessToken granted) {
        cancel();
        token = null;
        raw = null;
        if (granted == null || !granted.isReference() || granted.referenceToken().isEmpty()
                || tokens.introspectionCacheTtl().isEmpty()) {
            return;
        }
        token = granted;
        raw = granted.referenceToken().get();
        // cacheSeconds 0 (no caching) would re-introspect without pause; one second is the floor.
        delayMillis = Math.max(1_000, tokens.introspectionCacheTtl().map(Duration::toMillis).orElse(0L));
        schedule();
    }

    private void schedule() {
        timer = loop.schedule(this::onTimer, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void onTimer() {
        timer = null;
        AccessToken checking = token;
        if (checking == null || !owner.stillHolds(checking)) {
            return;
        }
        // The shared cache may already hold an answer fresher than cacheSeconds (another connection with the same
        // token asked); that answer is as good as a new exchange, so the cache is not bypassed.
        tokens.verifyAny(raw).onComplete(done -> loop.execute(() -> {
            if (checking != token || !owner.stillHolds(checking)) {
                return;
            }
            VerificationResult result = done.succeeded() ? done.result()
                    : VerificationResult.failure(org.acemqtt.proxy.token.TokenDenyReason.INTROSPECTION_UNAVAILABLE,
                    String.valueOf(done.cause()));
            if (result.isSuccess() && changed(checking, result.token())) {
                owner.renewed(result.token());
            } else if (result.isSuccess()) {
                schedule();
            } else {
                LOG.fine(() -> "re-introspection refused the token: " + result.reason().metricTag());
                owner.revoked(checking, result);
            }
        }));
    }

    /** Whether the AS's new answer grants something else than the one the connection holds. */
    static boolean changed(AccessToken held, AccessToken fresh) {
        return !java.util.Objects.equals(held.scope(), fresh.scope())
                || !held.expiresAt().equals(fresh.expiresAt()) || !held.exi().equals(fresh.exi());
    }

    /** Stops re-checking (connection closed). */
    public void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}

package org.acemqtt.proxy.relay;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.acemqtt.proxy.auth.ConnectAuthenticator;
import org.acemqtt.proxy.config.AceConfig;
import org.acemqtt.proxy.config.LimitsConfig;
import org.acemqtt.proxy.config.UpstreamConfig;
import org.acemqtt.proxy.metrics.ProxyMetrics;

/**
 * What every connection of one listener shares: configuration, the connect-time authorizer, the upstream connector,
 * metrics and the counters that bound resource use. Thread-safe; connections on every event loop use it.
 */
final class RelayContext {
    final String listener;
    final UpstreamConfig upstream;
    final AceConfig ace;
    final LimitsConfig limits;
    final ProxyMetrics metrics;
    final UpstreamConnector connector;
    final AtomicReference<ConnectAuthenticator> authenticator;
    /** Sockets that have not been granted access yet, across all listeners (a shared cap). */
    final AtomicInteger unauthenticated;
    final AtomicInteger active;
    final ConnectionRegistry registry;
    final UploadRateLimiter uploadLimiter;
    final SubscriptionMemory subscriptions;

    RelayContext(String listener, UpstreamConfig upstream, AceConfig ace, LimitsConfig limits, ProxyMetrics metrics,
                 UpstreamConnector connector, AtomicReference<ConnectAuthenticator> authenticator,
                 AtomicInteger unauthenticated, ConnectionRegistry registry, UploadRateLimiter uploadLimiter,
                 SubscriptionMemory subscriptions) {
        this.listener = listener;
        this.upstream = upstream;
        this.ace = ace;
        this.limits = limits;
        this.metrics = metrics;
        this.connector = connector;
        this.authenticator = authenticator;
        this.unauthenticated = unauthenticated;
        this.active = metrics.activeConnections(listener);
        this.registry = registry;
        this.uploadLimiter = uploadLimiter;
        this.subscriptions = subscriptions;
    }

    int notAuthorizedCode() {
        return ace.notAuthorizedReasonCode();
    }
}

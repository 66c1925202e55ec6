package org.acemqtt.proxy.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The proxy's Prometheus metrics (CONTRACT.md names). Label values come only from fixed enums and configured
 * listener names, never from a client id, topic or token, so cardinality stays bounded. Meters are looked up once
 * and cached: the per-packet cost is one {@link Counter#increment()}.
 */
public final class ProxyMetrics {
    /** Fixed buckets (a local COSE verify is ~0.1 ms, an introspection round trip tens of ms). */
    private static final Duration[] TOKEN_VALIDATION_BUCKETS = {Duration.ofNanos(50_000), Duration.ofNanos(100_000),
        Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofSeconds(5)};
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Counter messagesToBroker;
    private final Counter messagesToClient;
    private final Counter upstreamConnectFailures;

    public ProxyMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        messagesToBroker = Counter.builder("ace.proxy.messages").tag("direction", "to_broker")
                .description("PUBLISH packets forwarded").register(registry);
        messagesToClient = Counter.builder("ace.proxy.messages").tag("direction", "to_client")
                .description("PUBLISH packets forwarded").register(registry);
        upstreamConnectFailures = Counter.builder("ace.proxy.upstream.connect.failures")
                .description("TCP/TLS connections to the upstream broker that failed").register(registry);
        nettyBuffers();
        for (String format : new String[] {"sign1", "mac0", "encrypt0", "reference"}) {
            tokenValidationTimer(format);
        }
    }

    /** Netty's buffer memory: what idle connections must not pin (issue 7) and leaks would grow. */
    private void nettyBuffers() {
        Gauge.builder("ace.proxy.netty.direct.memory.used", io.netty.util.internal.PlatformDependent::usedDirectMemory)
                .baseUnit("bytes").description("Direct memory Netty has reserved").register(registry);
        if (io.netty.buffer.ByteBufAllocator.DEFAULT instanceof io.netty.buffer.ByteBufAllocatorMetricProvider provider) {
            io.netty.buffer.ByteBufAllocatorMetric metric = provider.metric();
            Gauge.builder("ace.proxy.netty.allocator.used", metric, io.netty.buffer.ByteBufAllocatorMetric::usedDirectMemory)
                    .tag("memory", "direct").baseUnit("bytes").register(registry);
            Gauge.builder("ace.proxy.netty.allocator.used", metric, io.netty.buffer.ByteBufAllocatorMetric::usedHeapMemory)
                    .tag("memory", "heap").baseUnit("bytes").register(registry);
        }
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }

    /** The {@code ace_proxy_connections_active} gauge of one listener. */
    public AtomicInteger activeConnections(String listener) {
        return active.computeIfAbsent(listener, name -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("ace.proxy.connections.active", value, AtomicInteger::get).tag("listener", name)
                    .description("Client connections relayed right now").register(registry);
            connection(name, "accepted");
            connection(name, "rejected");
            return value;
        });
    }

    public Counter connection(String listener, String outcome) {
        return counter("ace.proxy.connections", "listener", listener, "outcome", outcome);
    }

    public Counter auth(String method, String outcome, String reason) {
        return counter("ace.proxy.auth", "method", method, "outcome", outcome, "reason", reason);
    }

    public Counter denied(String packet, String reason) {
        return counter("ace.proxy.denied", "packet", packet, "reason", reason);
    }

    public Counter disconnect(String reason) {
        return counter("ace.proxy.disconnects", "reason", reason);
    }

    public Counter messagesToBroker() {
        return messagesToBroker;
    }

    public Counter messagesToClient() {
        return messagesToClient;
    }

    public Counter upstreamConnectFailures() {
        return upstreamConnectFailures;
    }

    /** Problems an operator must see that are not tied to one connection (bad reload, TLS failures...). */
    public Counter event(String name, String reason) {
        return counter("ace.proxy." + name, "reason", reason);
    }

    /** {@code ace_proxy_reloads_total{target, outcome}}: hot reloads of certificates and keys. */
    public Counter reload(String target, String outcome) {
        return counter("ace.proxy.reloads", "target", target, "outcome", outcome);
    }

    /** {@code ace_proxy_revocation_polls_total{outcome}}: Token Revocation List polls, "success" or "failure". */
    public Counter revocationPoll(String outcome) {
        return counter("ace.proxy.revocation.polls", "outcome", outcome);
    }

    /**
     * {@code ace_proxy_revocations_total{source}}: connections ended or refused because their token was revoked;
     * source "trl" (listed in the Token Revocation List) or "introspection" (the AS no longer vouches for it).
     */
    public Counter revocation(String source) {
        return counter("ace.proxy.revocations", "source", source);
    }

    public Timer tokenValidationTimer(String format) {
        return timers.computeIfAbsent(format, f -> Timer.builder("ace.proxy.token.validation").tag("format", f)
                .description("Time to verify an access token")
                .serviceLevelObjectives(TOKEN_VALIDATION_BUCKETS).register(registry));
    }

    private Counter counter(String name, String... tags) {
        String key = name + String.join("\u0000", tags);
        Counter counter = counters.get(key);
        if (counter == null) {
            counter = counters.computeIfAbsent(key, k -> Counter.builder(name).tags(tags).register(registry));
        }
        return counter;
    }
}

package org.acemqtt.proxy.admin;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.concurrent.atomic.AtomicBoolean;
import org.acemqtt.proxy.config.UpstreamConfig;

/**
 * Readiness (CONTRACT.md): every listener is bound (the issuer keys were loaded before that) and the upstream broker
 * accepted a TCP connection in the last check; with {@code ace.introspection}, its endpoint too (a proxy that cannot
 * introspect refuses every reference token, RFC 9200 §6.10). Probed every {@value #PROBE_MILLIS} ms, so readiness
 * drops when a dependency goes away and comes back with it, without a restart.
 */
public final class Readiness {
    static final long PROBE_MILLIS = 2_000;
    private final AtomicBoolean listeners = new AtomicBoolean();
    private final AtomicBoolean upstream = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean introspection = new AtomicBoolean(true);
    private final java.util.Optional<java.net.URI> introspectionEndpoint;
    private final Vertx vertx;
    private final UpstreamConfig config;
    private final NetClient client;
    private long timer = -1;

    public Readiness(Vertx vertx, UpstreamConfig config, java.util.Optional<java.net.URI> introspectionEndpoint) {
        this.vertx = vertx;
        this.config = config;
        this.introspectionEndpoint = introspectionEndpoint;
        this.client = vertx.createNetClient(new NetClientOptions()
                .setConnectTimeout((int) Math.min(PROBE_MILLIS, config.connectTimeout().toMillis())));
    }

    public void listenersBound() {
        listeners.set(true);
        probe();
        timer = vertx.setPeriodic(PROBE_MILLIS, id -> probe());
    }

    public void stopping() {
        stopping.set(true);
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    public boolean isReady() {
        return listeners.get() && upstream.get() && introspection.get() && !stopping.get();
    }

    /** A short, human-readable account of each check, for the body of /health/ready. */
    public String describe() {
        return "{\"listeners\":" + listeners.get() + ",\"upstream\":" + upstream.get()
                + (introspectionEndpoint.isPresent() ? ",\"introspection\":" + introspection.get() : "")
                + ",\"stopping\":" + stopping.get() + "}";
    }

    private void probe() {
        introspectionEndpoint.ifPresent(uri -> {
            int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            client.connect(port, uri.getHost()).onComplete(result -> {
                introspection.set(result.succeeded());
                if (result.succeeded()) {
                    result.result().close();
                }
            });
        });
        client.connect(config.port(), config.host()).onComplete(result -> {
            upstream.set(result.succeeded());
            if (result.succeeded()) {
                result.result().close();
            }
        });
    }
}

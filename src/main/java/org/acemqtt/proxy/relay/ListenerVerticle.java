package org.acemqtt.proxy.relay;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.acemqtt.proxy.config.ListenerConfig;
import org.acemqtt.proxy.tls.TlsServerSettings;

/**
 * One instance of one listener on one event loop. Several instances of the same listener share the port (Vert.x
 * balances accepted sockets between them), which is how the proxy uses every core.
 */
final class ListenerVerticle extends VerticleBase {
    private final ListenerConfig listener;
    private final RelayContext relayContext;
    /** Swapped by hot reload; each accepted socket takes the settings current at accept. Null: plain TCP. */
    private final AtomicReference<TlsServerSettings> tls;
    private NetServer server;

    ListenerVerticle(ListenerConfig listener, RelayContext relayContext, AtomicReference<TlsServerSettings> tls) {
        this.listener = listener;
        this.relayContext = relayContext;
        this.tls = tls;
    }

    @Override
    public Future<?> start() {
        NetServerOptions options = new NetServerOptions()
                .setHost(listener.host())
                .setPort(listener.port())
                .setTcpNoDelay(true)
                .setAcceptBacklog(1024);
        server = vertx.createNetServer(options);
        server.connectHandler(socket -> ClientPipeline.install(socket, relayContext, Optional.ofNullable(tls.get())));
        return server.listen();
    }

    int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}

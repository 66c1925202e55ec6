package org.acemqtt.proxy.relay;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.VertxInternal;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.acemqtt.proxy.config.ListenerConfig;
import org.acemqtt.proxy.tls.TlsServerSettings;

/**
 * One client listener: a Netty server channel on Vert.x's acceptor loop whose accepted sockets are spread over
 * Vert.x's event loops (one per core). A plain Netty {@link ServerBootstrap} rather than a Vert.x NetServer because
 * the relay owns the whole pipeline: a NetServer would also build a NetSocket with its own 1,024-slot inbound queue
 * (4 KiB) per connection that never sees a packet (issue 7: memory per idle connection).
 */
final class ClientListener {
    private final Channel server;

    private ClientListener(Channel server) {
        this.server = server;
    }

    /**
     * Binds {@code listener}; each accepted socket gets its pipeline with the TLS settings current at accept
     * ({@code tls} is swapped by hot reload; null: plain TCP).
     */
    static Future<ClientListener> bind(VertxInternal vertx, ListenerConfig listener, RelayContext context,
            AtomicReference<TlsServerSettings> tls) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(vertx.acceptorEventLoopGroup(), vertx.nettyEventLoopGroup())
                .channelFactory(vertx.transport().serverChannelFactory(false))
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false) // the relay reads when the other leg can take data
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        ClientPipeline.install(channel, context, Optional.ofNullable(tls.get()));
                    }
                });
        Promise<ClientListener> bound = Promise.promise();
        ChannelFuture f = bootstrap.bind(listener.host(), listener.port());
        f.addListener(done -> {
            if (done.isSuccess()) {
                bound.complete(new ClientListener(f.channel()));
            } else {
                bound.fail(done.cause());
            }
        });
        return bound.future();
    }

    int actualPort() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Stops accepting; connections already accepted are not touched (the drain ends them). */
    Future<Void> close() {
        Promise<Void> closed = Promise.promise();
        server.close().addListener(done -> closed.complete());
        return closed.future();
    }
}

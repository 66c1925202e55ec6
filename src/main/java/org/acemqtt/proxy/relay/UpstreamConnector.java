package org.acemqtt.proxy.relay;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslContext;
import java.util.Optional;
import org.acemqtt.proxy.config.LimitsConfig;
import org.acemqtt.proxy.config.UpstreamConfig;

/**
 * Opens the upstream leg of a relay: a plain Netty channel on the client channel's own event loop, so that both legs
 * of a connection are served by one thread without locks or hand-offs (Netty's HexDumpProxy), with auto-read off so
 * that each side reads only when the other can take the data (back-pressure).
 */
final class UpstreamConnector {
    private final UpstreamConfig upstream;
    private final LimitsConfig limits;
    private final Optional<SslContext> tls;

    UpstreamConnector(UpstreamConfig upstream, LimitsConfig limits, Optional<SslContext> tls) {
        this.upstream = upstream;
        this.limits = limits;
        this.tls = tls;
    }

    ChannelFuture connect(Channel client, ConnectionRelay relay) {
        Bootstrap bootstrap = new Bootstrap()
                .group(client.eventLoop())
                .channel(client.getClass().asSubclass(Channel.class))
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) upstream.connectTimeout().toMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        tls.ifPresent(ctx -> ch.pipeline().addLast(PipelineNames.UPSTREAM_TLS,
                                ctx.newHandler(ch.alloc(), upstream.tls().flatMap(t -> t.serverName()).orElse(upstream.host()),
                                        upstream.port())));
                        ch.pipeline().addLast(PipelineNames.MQTT_DECODER,
                                new MqttDecoder(limits.maxPacketSize(), PipelineNames.MAX_CLIENT_ID_LENGTH));
                        ch.pipeline().addLast(PipelineNames.MQTT_ENCODER, MqttEncoder.INSTANCE);
                        ch.pipeline().addLast(PipelineNames.PUBLISH_ENCODER, PublishEncoder.INSTANCE);
                        ch.pipeline().addLast(PipelineNames.RELAY, new UpstreamLegHandler(relay));
                    }
                });
        return bootstrap.connect(upstream.host(), upstream.port());
    }
}

package org.acemqtt.proxy.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import java.util.Optional;
import org.acemqtt.proxy.tls.TlsServerSettings;

/**
 * Builds the client leg's pipeline, in order, on a socket accepted by the Vert.x NetServer (vertx-mqtt's
 * initChannel): byte counter → [BouncyCastle TLS] → MQTT decoder/encoder → zero-copy PUBLISH encoder → relay → (Vert.x's own
 * handler, which never sees a packet). Auto-read is turned off: the relay reads only when the other leg can take
 * the data.
 */
final class ClientPipeline {
    private ClientPipeline() {
    }

    static void install(NetSocket socket, RelayContext context, Optional<TlsServerSettings> tls) {
        ChannelHandlerContext vertx = ((NetSocketInternal) socket).channelHandlerContext();
        Channel channel = vertx.channel();
        channel.config().setAutoRead(false);
        channel.config().setOption(ChannelOption.TCP_NODELAY, true);
        ChannelPipeline pipeline = channel.pipeline();
        String tail = vertx.name();
        ConnectionRelay relay = new ConnectionRelay(context, channel);
        relay.tlsHandshaking = tls.isPresent();
        tls.ifPresent(settings -> pipeline.addFirst(PipelineNames.TLS, settings.newHandler()));
        pipeline.addFirst(PipelineNames.TRAFFIC, relay.traffic);
        pipeline.addBefore(tail, PipelineNames.MQTT_DECODER,
                new MqttDecoder(context.limits.maxPacketSize(), PipelineNames.MAX_CLIENT_ID_LENGTH));
        pipeline.addBefore(tail, PipelineNames.MQTT_ENCODER, MqttEncoder.INSTANCE);
        pipeline.addBefore(tail, PipelineNames.PUBLISH_ENCODER, PublishEncoder.INSTANCE);
        pipeline.addBefore(tail, PipelineNames.RELAY, new ClientLegHandler(relay));
        relay.start(pipeline.context(PipelineNames.RELAY));
    }
}

package org.acemqtt.proxy.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import java.util.Optional;
import org.acemqtt.proxy.tls.TlsServerSettings;

/**
 * Builds the client leg's pipeline, in order, on a socket accepted by a {@link ClientListener}: byte counter →
 * [BouncyCastle TLS] → MQTT decoder/encoder → zero-copy PUBLISH encoder → relay. Auto-read is off (set by the
 * listener): the relay reads only when the other leg can take the data.
 */
final class ClientPipeline {
    private ClientPipeline() {
    }

    static void install(Channel channel, RelayContext context, Optional<TlsServerSettings> tls) {
        ChannelPipeline pipeline = channel.pipeline();
        ConnectionRelay relay = new ConnectionRelay(context, channel);
        relay.tlsHandshaking = tls.isPresent();
        tls.ifPresent(settings -> pipeline.addFirst(PipelineNames.TLS, settings.newHandler()));
        pipeline.addFirst(PipelineNames.TRAFFIC, relay.traffic);
        pipeline.addLast(PipelineNames.MQTT_DECODER,
                new MqttDecoder(context.limits.maxPacketSize(), PipelineNames.MAX_CLIENT_ID_LENGTH));
        pipeline.addLast(PipelineNames.MQTT_ENCODER, MqttEncoder.INSTANCE);
        pipeline.addLast(PipelineNames.PUBLISH_ENCODER, PublishEncoder.INSTANCE);
        pipeline.addLast(PipelineNames.RELAY, new ClientLegHandler(relay));
        relay.start(pipeline.context(PipelineNames.RELAY));
    }
}

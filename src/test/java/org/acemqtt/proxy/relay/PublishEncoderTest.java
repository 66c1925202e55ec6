package org.acemqtt.proxy.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import org.acemqtt.proxy.testsupport.NettyLeakGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ExtendWith(NettyLeakGuard.class)
class PublishEncoderTest {
    private static final AttributeKey<MqttVersion> VERSION = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    private static EmbeddedChannel channel(MqttVersion version, boolean zeroCopy) {
        EmbeddedChannel channel = zeroCopy ? new EmbeddedChannel(MqttEncoder.INSTANCE, PublishEncoder.INSTANCE)
                : new EmbeddedChannel(MqttEncoder.INSTANCE);
        channel.attr(VERSION).set(version);
        return channel;
    }

    private static MqttPublishMessage publish(MqttQoS qos, ByteBuf payload) {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.PAYLOAD_FORMAT_INDICATOR, 1));
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.PUBLICATION_EXPIRY_INTERVAL, 3600));
        properties.add(new MqttProperties.StringProperty(MqttProperties.CONTENT_TYPE, "application/json"));
        properties.add(new MqttProperties.StringProperty(MqttProperties.RESPONSE_TOPIC, "replies/é"));
        properties.add(new MqttProperties.BinaryProperty(MqttProperties.CORRELATION_DATA, new byte[] {1, 2, 3}));
        properties.add(new MqttProperties.UserProperty("k1", "v1"));
        properties.add(new MqttProperties.UserProperty("k2", "v2"));
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER, 200_000));
        // Built directly: MqttMessageBuilders copies the payload, which would hide what is under test.
        return new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, false, qos, true, 0),
                new MqttPublishVariableHeader("sensors/ü/temp", qos == MqttQoS.AT_MOST_ONCE ? -1 : 42, properties), payload);
    }

    private static byte[] drain(EmbeddedChannel channel) {
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            all.writeBytes(out);
            out.release();
        }
        byte[] bytes = ByteBufUtil.getBytes(all);
        all.release();
        return bytes;
    }

    @ParameterizedTest
    @EnumSource(value = MqttVersion.class, names = {"MQTT_3_1_1", "MQTT_5"})
    void encodesExactlyTheBytesNettysEncoderWrites(MqttVersion version) {
        for (MqttQoS qos : new MqttQoS[] {MqttQoS.AT_MOST_ONCE, MqttQoS.AT_LEAST_ONCE, MqttQoS.EXACTLY_ONCE}) {
            EmbeddedChannel reference = channel(version, false);
            EmbeddedChannel zeroCopy = channel(version, true);
            byte[] body = "hello, broker".getBytes(StandardCharsets.UTF_8);
            reference.writeOutbound(publish(qos, Unpooled.wrappedBuffer(body)));
            zeroCopy.writeOutbound(publish(qos, Unpooled.wrappedBuffer(body)));
            assertThat(drain(zeroCopy)).isEqualTo(drain(reference));
            assertThat(reference.finishAndReleaseAll()).isFalse();
            assertThat(zeroCopy.finishAndReleaseAll()).isFalse();
        }
    }

    @Test
    void thePayloadIsWrittenAsTheReceivedBufferNotACopy() {
        EmbeddedChannel channel = channel(MqttVersion.MQTT_5, true);
        ByteBuf payload = Unpooled.directBuffer(4096).writeZero(4096);
        channel.writeOutbound(publish(MqttQoS.AT_LEAST_ONCE, payload));
        ByteBuf header = channel.readOutbound();
        ByteBuf body = channel.readOutbound();
        // Shared memory, not a copy: a change to the received buffer shows in what is written.
        payload.setByte(100, 0x5A);
        assertThat(body.getByte(100)).isEqualTo((byte) 0x5A);
        assertThat(body.readableBytes()).isEqualTo(4096);
        assertThat(header.readableBytes()).isLessThan(200);
        header.release();
        body.release();
        assertThat(payload.refCnt()).isZero();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void anEmptyPayloadProducesOnlyTheHeader() {
        EmbeddedChannel channel = channel(MqttVersion.MQTT_5, true);
        channel.writeOutbound(publish(MqttQoS.AT_MOST_ONCE, Unpooled.EMPTY_BUFFER));
        ByteBuf header = channel.readOutbound();
        assertThat((Object) channel.readOutbound()).isNull();
        header.release();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }
}

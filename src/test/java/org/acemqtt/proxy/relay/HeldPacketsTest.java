package org.acemqtt.proxy.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeldPacketsTest {
    private static MqttPublishMessage publish(int id, ByteBuf payload) {
        return new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_LEAST_ONCE, false, 0),
                new MqttPublishVariableHeader("t", id), payload);
    }

    @Test
    void holdsInOrderUpToTheLimitAndRefusesTheNext() {
        HeldPackets held = new HeldPackets(3);
        assertThat(held.isEmpty()).isTrue();
        List<ByteBuf> payloads = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ByteBuf b = Unpooled.buffer().writeByte(i);
            payloads.add(b);
            assertThat(held.offer(publish(i, b))).isTrue();
        }
        ByteBuf refused = Unpooled.buffer().writeByte(4);
        assertThat(held.offer(publish(4, refused))).as("over the limit").isFalse();
        assertThat(refused.refCnt()).as("a refused packet stays the caller's").isEqualTo(1);
        refused.release();
        for (int i = 1; i <= 3; i++) {
            MqttPublishMessage m = (MqttPublishMessage) held.poll();
            assertThat(m.variableHeader().packetId()).isEqualTo(i);
            m.release();
        }
        assertThat(held.poll()).isNull();
        assertThat(held.isEmpty()).isTrue();
        assertThat(held.offer(publish(5, Unpooled.buffer()))).as("room again once drained").isTrue();
        held.releaseAll();
        assertThat(payloads).allMatch(b -> b.refCnt() == 0);
    }

    @Test
    void releaseAllReleasesEveryHeldPayload() {
        HeldPackets held = new HeldPackets(10);
        List<ByteBuf> payloads = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            ByteBuf b = Unpooled.directBuffer().writeInt(i);
            payloads.add(b);
            held.offer(publish(i, b));
        }
        held.offer(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0)));
        held.releaseAll();
        assertThat(payloads).allMatch(b -> b.refCnt() == 0);
        assertThat(held.isEmpty()).isTrue();
    }
}

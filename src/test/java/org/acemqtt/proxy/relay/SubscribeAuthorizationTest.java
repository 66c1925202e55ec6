package org.acemqtt.proxy.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import org.junit.jupiter.api.Test;

class SubscribeAuthorizationTest {
    private final SubscribeAuthorization subscribes = new SubscribeAuthorization();

    private static MqttSubscribeMessage subscribe(int packetId, String... filters) {
        MqttMessageBuilders.SubscribeBuilder builder = MqttMessageBuilders.subscribe().messageId(packetId);
        for (String filter : filters) {
            builder.addSubscription(MqttQoS.AT_LEAST_ONCE, filter);
        }
        return builder.build();
    }

    @Test
    void onlyAllowedFiltersAreForwardedAndTheSubackKeepsEveryCodeInItsOriginalPosition() {
        SubscribeAuthorization.Split split = subscribes.split(subscribe(7, "a", "secret", "b", "other"),
                new boolean[] {true, false, true, false}, 0x87);
        assertThat(split.reply()).isNull();
        assertThat(split.denied()).isEqualTo(2);
        assertThat(split.forward().payload().topicSubscriptions()).extracting(MqttTopicSubscription::topicFilter)
                .containsExactly("a", "b");
        assertThat(split.forward().variableHeader().messageId()).isEqualTo(7);
        MqttSubAckMessage merged = subscribes.merge(MqttPackets.suback(7, io.netty.handler.codec.mqtt.MqttProperties.NO_PROPERTIES, new int[] {1, 0}));
        assertThat(merged.payload().reasonCodes()).containsExactly(1, 0x87, 0, 0x87);
        assertThat(subscribes.isPending(7)).isFalse();
    }

    @Test
    void aSubscribeWithNothingAllowedIsAnsweredAtOnceAndNeverForwarded() {
        SubscribeAuthorization.Split split = subscribes.split(subscribe(3, "x", "y"), new boolean[] {false, false}, 0x80);
        assertThat(split.forward()).isNull();
        assertThat(split.reply().variableHeader().messageId()).isEqualTo(3);
        assertThat(split.reply().payload().reasonCodes()).containsExactly(0x80, 0x80);
        assertThat(subscribes.isPending(3)).isFalse();
    }

    @Test
    void aFullyAllowedSubscribeIsForwardedUnchangedAndItsSubackPassesThrough() {
        MqttSubscribeMessage original = subscribe(9, "a", "b");
        SubscribeAuthorization.Split split = subscribes.split(original, new boolean[] {true, true}, 0x87);
        assertThat(split.forward()).isSameAs(original);
        MqttSubAckMessage ack = MqttPackets.suback(9, io.netty.handler.codec.mqtt.MqttProperties.NO_PROPERTIES, new int[] {0, 1});
        assertThat(subscribes.merge(ack)).isSameAs(ack);
    }

    @Test
    void aBrokerSubackWithTheWrongNumberOfCodesIsAProtocolError() {
        subscribes.split(subscribe(5, "a", "no", "b"), new boolean[] {true, false, true}, 0x87);
        assertThat(subscribes.merge(MqttPackets.suback(5, io.netty.handler.codec.mqtt.MqttProperties.NO_PROPERTIES, new int[] {0}))).isNull();
        subscribes.split(subscribe(6, "a", "no"), new boolean[] {true, false}, 0x87);
        assertThat(subscribes.merge(MqttPackets.suback(6, io.netty.handler.codec.mqtt.MqttProperties.NO_PROPERTIES, new int[] {0, 0}))).isNull();
    }
}

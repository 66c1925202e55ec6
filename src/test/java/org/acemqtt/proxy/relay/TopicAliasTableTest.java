package org.acemqtt.proxy.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import org.junit.jupiter.api.Test;

class TopicAliasTableTest {
    private final TopicAliasTable table = new TopicAliasTable(10);

    private static MqttPublishMessage publish(String topic, Integer alias) {
        MqttProperties properties = new MqttProperties();
        if (alias != null) {
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS, alias));
        }
        return MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_MOST_ONCE)
                .payload(Unpooled.EMPTY_BUFFER).properties(properties).build();
    }

    @Test
    void aNamedPublishBindsTheAliasAndAnEmptyNameUsesIt() {
        assertThat(table.resolve(publish("sensors/1", 3))).isEqualTo("sensors/1");
        assertThat(table.resolve(publish("", 3))).isEqualTo("sensors/1");
        assertThat(table.resolve(publish("sensors/2", 3))).isEqualTo("sensors/2");
        assertThat(table.resolve(publish("", 3))).isEqualTo("sensors/2");
    }

    @Test
    void aPublishWithoutAliasIsItsOwnTopic() {
        assertThat(table.resolve(publish("a/b", null))).isEqualTo("a/b");
        assertThat(TopicAliasTable.hasAlias(publish("a/b", null))).isFalse();
    }

    @Test
    void anUnboundAliasWithAnEmptyNameIsAProtocolError() {
        assertThat(table.resolve(publish("", 4))).isNull();
        assertThat(table.error()).isEqualTo(DisconnectCause.PROTOCOL_ERROR);
    }

    @Test
    void anEmptyNameWithoutAliasIsAProtocolError() {
        assertThat(table.resolve(publish("", null))).isNull();
        assertThat(table.error()).isEqualTo(DisconnectCause.PROTOCOL_ERROR);
    }

    @Test
    void aliasZeroAndAliasesAboveTheMaximumAreInvalid() {
        assertThat(table.resolve(publish("a", 0))).isNull();
        assertThat(table.error()).isEqualTo(DisconnectCause.TOPIC_ALIAS_INVALID);
        assertThat(table.resolve(publish("a", 11))).isNull();
        assertThat(table.error()).isEqualTo(DisconnectCause.TOPIC_ALIAS_INVALID);
    }

    @Test
    void aDirectionWithMaximumZeroAcceptsNoAliasAtAll() {
        TopicAliasTable none = new TopicAliasTable(0);
        assertThat(none.resolve(publish("a", 1))).isNull();
        assertThat(none.error()).isEqualTo(DisconnectCause.TOPIC_ALIAS_INVALID);
    }
}

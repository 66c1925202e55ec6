package org.acemqtt.proxy.relay;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * RFC 9431 §5 for publishers without Message Expiry (MQTT v3.1.1): the topics this connection left a retained
 * message on are cleared (an empty retained PUBLISH upstream) when its token expires. v5 publishers are covered by the
 * Message Expiry cap instead. Bounded; confined to the connection's event loop.
 */
final class RetainedCleanup {
    static final int MAX_TOPICS = 1_000;
    private final Set<String> topics = new LinkedHashSet<>();

    /** A retained PUBLISH was forwarded; an empty one already deletes the retained message. */
    void track(String topic, boolean hasPayload) {
        if (!hasPayload) {
            topics.remove(topic);
        } else if (topics.size() < MAX_TOPICS) {
            topics.add(topic);
        }
    }

    /** At token expiry: delete every retained message this connection still owns. */
    void clear(ConnectionRelay relay) {
        for (String topic : topics) {
            relay.writeToUpstream(new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, false,
                    MqttQoS.AT_MOST_ONCE, true, 0), new MqttPublishVariableHeader(topic, -1, MqttProperties.NO_PROPERTIES),
                    Unpooled.EMPTY_BUFFER));
        }
        topics.clear();
    }
}

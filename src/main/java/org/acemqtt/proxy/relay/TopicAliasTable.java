package org.acemqtt.proxy.relay;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;

/**
 * Receiver-side Topic Alias mapping of one direction of one connection (MQTT v5 §3.3.2.3.4). The proxy resolves
 * every alias itself so that it always authorizes the real Topic Name (SPEC 2.P) and forwards full names, which keeps
 * the two hops' alias tables from drifting apart when it drops a packet. Confined to the connection's event loop.
 */
final class TopicAliasTable {
    private String[] topics;
    private final int maximum;
    private DisconnectCause error;

    TopicAliasTable(int maximum) {
        this.maximum = maximum;
    }

    int maximum() {
        return maximum;
    }

    DisconnectCause error() {
        return error;
    }

    /** The real topic of this PUBLISH, binding the alias if it carries a name; null on a protocol violation. */
    String resolve(MqttPublishMessage publish) {
        String topic = publish.variableHeader().topicName();
        MqttProperties.MqttProperty<?> aliasProperty =
                publish.variableHeader().properties().getProperty(MqttProperties.TOPIC_ALIAS);
        if (aliasProperty == null) {
            if (topic.isEmpty()) {
                // [MQTT-3.3.2-1]/§3.3.4: a zero-length Topic Name needs an alias.
                error = DisconnectCause.PROTOCOL_ERROR;
                return null;
            }
            return topic;
        }
        int alias = (Integer) aliasProperty.value();
        if (alias == 0 || alias > maximum) {
            // [MQTT-3.3.2-8], [MQTT-3.2.2-17]: 0 and anything above the advertised maximum are invalid.
            error = DisconnectCause.TOPIC_ALIAS_INVALID;
            return null;
        }
        if (topics == null) {
            topics = new String[maximum + 1];
        }
        if (!topic.isEmpty()) {
            topics[alias] = topic;
            return topic;
        }
        String mapped = topics[alias];
        if (mapped == null) {
            error = DisconnectCause.PROTOCOL_ERROR;
        }
        return mapped;
    }

    static boolean hasAlias(MqttPublishMessage publish) {
        return publish.variableHeader().properties().getProperty(MqttProperties.TOPIC_ALIAS) != null;
    }
}

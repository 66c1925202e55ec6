package org.acemqtt.proxy.relay;

import io.netty.handler.codec.mqtt.MqttProperties;
import org.acemqtt.proxy.config.AceConfig;

/**
 * AS discovery (RFC 9431 §2.4.1): the {@code ace_as_hint} User Property with the AS Request Creation Hints
 * (RFC 9200 §5.3) on the CONNACK 0x87 of a client that came without a usable token.
 */
final class AsHint {
    static final String USER_PROPERTY = "ace_as_hint";

    private AsHint() {
    }

    /**
     * @param clientMaximumPacketSize the client's Maximum Packet Size, or 0 if it set none: the hint is left out when
     *                                it would make the CONNACK too large for the client ([MQTT-3.2.2-20])
     */
    static MqttProperties properties(AceConfig ace, int clientMaximumPacketSize) {
        if (ace.asHintJson().isEmpty()) {
            return MqttProperties.NO_PROPERTIES;
        }
        // CONNACK: fixed header (<= 5) + flags + reason + property length (<= 4) + 1 + 2 + name + 2 + value.
        int size = 5 + 2 + 4 + 1 + 2 + USER_PROPERTY.length() + 2
                + ace.asHintJson().get().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (clientMaximumPacketSize > 0 && size > clientMaximumPacketSize) {
            return MqttProperties.NO_PROPERTIES;
        }
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.UserProperty(USER_PROPERTY, ace.asHintJson().get()));
        return properties;
    }
}

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

    static MqttProperties properties(AceConfig ace) {
        if (ace.asHintJson().isEmpty()) {
            return MqttProperties.NO_PROPERTIES;
        }
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.UserProperty(USER_PROPERTY, ace.asHintJson().get()));
        return properties;
    }
}

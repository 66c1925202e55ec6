package org.acemqtt.proxy.relay;

import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;

/** Reads the protocol version netty-codec-mqtt records on a channel when it decodes or encodes CONNECT. */
final class MqttVersions {
    private static final AttributeKey<MqttVersion> KEY = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    private MqttVersions() {
    }

    static boolean isVersion5(Channel channel) {
        return channel.attr(KEY).get() == MqttVersion.MQTT_5;
    }
}

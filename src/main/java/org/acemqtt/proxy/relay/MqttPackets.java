package org.acemqtt.proxy.relay;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;

/** Builders for the packets the proxy itself originates (the broker originates everything else). */
public final class MqttPackets {
    private MqttPackets() {
    }

    static MqttFixedHeader fixed(MqttMessageType type) {
        MqttQoS qos = type == MqttMessageType.PUBREL || type == MqttMessageType.SUBSCRIBE
                || type == MqttMessageType.UNSUBSCRIBE ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        return new MqttFixedHeader(type, false, qos, false, 0);
    }

    public static MqttConnAckMessage connack(int returnCode, boolean sessionPresent, MqttProperties properties) {
        return new MqttConnAckMessage(fixed(MqttMessageType.CONNACK),
                new MqttConnAckVariableHeader(MqttConnectReturnCode.valueOf((byte) returnCode), sessionPresent, properties));
    }

    /** MQTT v5 §3.14: only v5 has a server-sent DISCONNECT. */
    public static MqttMessage disconnect(int reasonCode, MqttProperties properties) {
        return new MqttMessage(fixed(MqttMessageType.DISCONNECT),
                new MqttReasonCodeAndPropertiesVariableHeader((byte) reasonCode, properties));
    }

    public static MqttMessage disconnect(int reasonCode, String reasonString) {
        MqttProperties properties = new MqttProperties();
        if (reasonString != null) {
            properties.add(new MqttProperties.StringProperty(MqttProperties.REASON_STRING, reasonString));
        }
        return disconnect(reasonCode, properties);
    }

    /** PUBACK, PUBREC, PUBREL or PUBCOMP with a reason code (v5; v3.1.1 encodes only the packet id). */
    public static MqttMessage pubReply(MqttMessageType type, int packetId, int reasonCode) {
        return new MqttMessage(fixed(type),
                new MqttPubReplyMessageVariableHeader(packetId, (byte) reasonCode, MqttProperties.NO_PROPERTIES));
    }

    public static MqttSubAckMessage suback(int packetId, MqttProperties properties, int[] reasonCodes) {
        return new MqttSubAckMessage(fixed(MqttMessageType.SUBACK),
                new MqttMessageIdAndPropertiesVariableHeader(packetId, properties), new MqttSubAckPayload(reasonCodes));
    }

    public static MqttMessage pingresp() {
        return new MqttMessage(fixed(MqttMessageType.PINGRESP));
    }
}

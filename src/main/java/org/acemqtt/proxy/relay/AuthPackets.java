package org.acemqtt.proxy.relay;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import org.acemqtt.proxy.auth.ConnectAuthenticator;

/** MQTT v5 AUTH packets of the "ace" method (MQTT v5 §3.15, §4.12; RFC 9431 Figures 6-7). */
final class AuthPackets {
    static final int SUCCESS = 0x00;
    static final int CONTINUE = 0x18;
    static final int REAUTHENTICATE = 0x19;

    private AuthPackets() {
    }

    static MqttMessage auth(int reasonCode, byte[] data) {
        MqttProperties properties = aceMethod();
        if (data != null) {
            properties.add(new MqttProperties.BinaryProperty(MqttProperties.AUTHENTICATION_DATA, data));
        }
        return new MqttMessage(MqttPackets.fixed(MqttMessageType.AUTH),
                new MqttReasonCodeAndPropertiesVariableHeader((byte) reasonCode, properties));
    }

    /** [MQTT-4.12.0-5]: AUTH and a successful CONNACK carry the CONNECT's Authentication Method. */
    static MqttProperties aceMethod() {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.StringProperty(MqttProperties.AUTHENTICATION_METHOD, ConnectAuthenticator.ACE_METHOD));
        return properties;
    }

    static int reasonCode(MqttMessage auth) {
        return auth.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader h ? h.reasonCode() & 0xFF : -1;
    }

    static String method(MqttMessage auth) {
        MqttProperties.MqttProperty<?> p = properties(auth).getProperty(MqttProperties.AUTHENTICATION_METHOD);
        return p == null ? null : (String) p.value();
    }

    static byte[] data(MqttMessage auth) {
        MqttProperties.MqttProperty<?> p = properties(auth).getProperty(MqttProperties.AUTHENTICATION_DATA);
        return p == null ? null : (byte[]) p.value();
    }

    private static MqttProperties properties(MqttMessage auth) {
        return auth.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader h ? h.properties()
                : MqttProperties.NO_PROPERTIES;
    }
}

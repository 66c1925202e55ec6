package org.acemqtt.proxy.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.mqtt.MqttProperties;

/** MQTT v5 §2.2.2 property encoding, for the packets the proxy encodes itself ({@link PublishEncoder}). */
final class Mqtt5Properties {
    private Mqtt5Properties() {
    }

    /** The encoded properties without their length prefix. */
    static ByteBuf encode(ByteBufAllocator alloc, MqttProperties properties) {
        ByteBuf out = alloc.buffer(properties.isEmpty() ? 0 : 64);
        try {
            for (MqttProperties.MqttProperty<?> property : properties.listAll()) {
                write(out, property);
            }
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    private static void write(ByteBuf out, MqttProperties.MqttProperty<?> property) {
        int id = property.propertyId();
        switch (id) {
            case MqttProperties.PAYLOAD_FORMAT_INDICATOR, MqttProperties.REQUEST_PROBLEM_INFORMATION,
                 MqttProperties.REQUEST_RESPONSE_INFORMATION, MqttProperties.MAXIMUM_QOS, MqttProperties.RETAIN_AVAILABLE,
                 MqttProperties.WILDCARD_SUBSCRIPTION_AVAILABLE, MqttProperties.SUBSCRIPTION_IDENTIFIER_AVAILABLE,
                 MqttProperties.SHARED_SUBSCRIPTION_AVAILABLE -> {
                writeVarInt(out, id);
                out.writeByte((Integer) property.value());
            }
            case MqttProperties.SERVER_KEEP_ALIVE, MqttProperties.RECEIVE_MAXIMUM, MqttProperties.TOPIC_ALIAS_MAXIMUM,
                 MqttProperties.TOPIC_ALIAS -> {
                writeVarInt(out, id);
                out.writeShort((Integer) property.value());
            }
            case MqttProperties.PUBLICATION_EXPIRY_INTERVAL, MqttProperties.SESSION_EXPIRY_INTERVAL,
                 MqttProperties.WILL_DELAY_INTERVAL, MqttProperties.MAXIMUM_PACKET_SIZE -> {
                writeVarInt(out, id);
                out.writeInt((Integer) property.value());
            }
            case MqttProperties.SUBSCRIPTION_IDENTIFIER -> {
                writeVarInt(out, id);
                writeVarInt(out, (Integer) property.value());
            }
            case MqttProperties.CONTENT_TYPE, MqttProperties.RESPONSE_TOPIC, MqttProperties.ASSIGNED_CLIENT_IDENTIFIER,
                 MqttProperties.AUTHENTICATION_METHOD, MqttProperties.RESPONSE_INFORMATION, MqttProperties.SERVER_REFERENCE,
                 MqttProperties.REASON_STRING -> {
                writeVarInt(out, id);
                writeString(out, (String) property.value());
            }
            case MqttProperties.USER_PROPERTY -> writeUserProperties(out, property);
            case MqttProperties.CORRELATION_DATA, MqttProperties.AUTHENTICATION_DATA -> {
                writeVarInt(out, id);
                byte[] value = (byte[]) property.value();
                out.writeShort(value.length);
                out.writeBytes(value);
            }
            default -> throw new EncoderException("unknown MQTT v5 property " + id);
        }
    }

    private static void writeUserProperties(ByteBuf out, MqttProperties.MqttProperty<?> property) {
        if (property instanceof MqttProperties.UserProperties list) {
            for (MqttProperties.StringPair pair : list.value()) {
                writeVarInt(out, MqttProperties.USER_PROPERTY);
                writeString(out, pair.key);
                writeString(out, pair.value);
            }
        } else if (property instanceof MqttProperties.UserProperty single) {
            writeVarInt(out, MqttProperties.USER_PROPERTY);
            writeString(out, single.value().key);
            writeString(out, single.value().value);
        }
    }

    private static void writeString(ByteBuf out, String value) {
        int length = ByteBufUtil.utf8Bytes(value);
        if (length > 65535) {
            throw new EncoderException("UTF-8 string longer than 65535 bytes");
        }
        out.writeShort(length);
        ByteBufUtil.reserveAndWriteUtf8(out, value, length);
    }

    static void writeVarInt(ByteBuf out, int value) {
        do {
            int digit = value % 128;
            value /= 128;
            out.writeByte(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
    }

    static int varIntSize(int value) {
        return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
    }
}

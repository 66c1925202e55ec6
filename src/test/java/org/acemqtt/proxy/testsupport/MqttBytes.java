package org.acemqtt.proxy.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Hand-encoded MQTT packets (SPEC section 8), so tests control every byte, including the wrong ones. Version is
 * 5 or 4 (v3.1.1). Only what the integration tests need.
 */
public final class MqttBytes {
    public static final int CONNECT = 1;
    public static final int CONNACK = 2;
    public static final int PUBLISH = 3;
    public static final int PUBACK = 4;
    public static final int PUBREC = 5;
    public static final int PUBREL = 6;
    public static final int PUBCOMP = 7;
    public static final int SUBSCRIBE = 8;
    public static final int SUBACK = 9;
    public static final int PINGREQ = 12;
    public static final int PINGRESP = 13;
    public static final int DISCONNECT = 14;
    public static final int AUTH = 15;

    private MqttBytes() {
    }

    /** A whole packet: first byte, Remaining Length, body. */
    public static byte[] packet(int firstByte, byte[] body) {
        Out out = new Out();
        out.write(firstByte);
        out.varInt(body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** CONNECT with Clean Start 1, keep-alive 60, no Will, no credentials. */
    public static byte[] connect(int version, String clientId) {
        return connect(version, clientId, true, new Props(), null, null, null);
    }

    /**
     * @param properties CONNECT properties (v5 only)
     * @param will       Will topic and payload (QoS 0, not retained), or null
     */
    public static byte[] connect(int version, String clientId, boolean cleanStart, Props properties, String[] will,
                                 String user, byte[] password) {
        Out body = new Out();
        body.string("MQTT");
        body.write(version);
        int flags = (cleanStart ? 0x02 : 0) | (will != null ? 0x04 : 0) | (user != null ? 0x80 : 0)
                | (password != null ? 0x40 : 0);
        body.write(flags);
        body.writeShort(60);
        if (version == 5) {
            body.props(properties);
        }
        body.string(clientId);
        if (will != null) {
            if (version == 5) {
                body.props(new Props());
            }
            body.string(will[0]);
            body.binary(will[1].getBytes(StandardCharsets.UTF_8));
        }
        if (user != null) {
            body.string(user);
        }
        if (password != null) {
            body.binary(password);
        }
        return packet(0x10, body.toByteArray());
    }

    public static byte[] publish(int version, String topic, int qos, int packetId, byte[] payload) {
        return publish(version, topic.getBytes(StandardCharsets.UTF_8), qos, packetId, new Props(), payload, false);
    }

    /** PUBLISH with the Topic Name given as raw bytes (for invalid UTF-8). */
    public static byte[] publish(int version, byte[] topic, int qos, int packetId, Props properties, byte[] payload,
                                 boolean retain) {
        Out body = new Out();
        body.writeShort(topic.length);
        body.writeBytes(topic);
        if (qos > 0) {
            body.writeShort(packetId);
        }
        if (version == 5) {
            body.props(properties);
        }
        body.writeBytes(payload);
        return packet(0x30 | (qos << 1) | (retain ? 1 : 0), body.toByteArray());
    }

    /** SUBSCRIBE asking the same QoS for every filter. */
    public static byte[] subscribe(int version, int packetId, int qos, String... filters) {
        Out body = new Out();
        body.writeShort(packetId);
        if (version == 5) {
            body.props(new Props());
        }
        for (String filter : filters) {
            body.string(filter);
            body.write(qos);
        }
        return packet(0x82, body.toByteArray());
    }

    /** PUBACK / PUBREC / PUBREL / PUBCOMP with reason 0 (short form). */
    public static byte[] ack(int type, int packetId) {
        return packet((type << 4) | (type == PUBREL ? 0x02 : 0), new byte[] {(byte) (packetId >> 8), (byte) packetId});
    }

    public static byte[] disconnect(int version) {
        return version == 5 ? packet(0xE0, new byte[] {0x00, 0x00}) : packet(0xE0, new byte[0]);
    }

    public static byte[] pingreq() {
        return new byte[] {(byte) 0xC0, 0x00};
    }

    /** A v5 AUTH packet (MQTT v5 §3.15). */
    public static byte[] auth(int reasonCode, Props properties) {
        Out body = new Out();
        body.write(reasonCode);
        body.props(properties);
        return packet(0xF0, body.toByteArray());
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** MQTT v5 properties, in the order added. */
    public static final class Props {
        private final Out out = new Out();

        public Props byteValue(int id, int value) {
            out.write(id);
            out.write(value);
            return this;
        }

        public Props twoBytes(int id, int value) {
            out.write(id);
            out.writeShort(value);
            return this;
        }

        public Props fourBytes(int id, long value) {
            out.write(id);
            out.write((int) (value >> 24));
            out.write((int) (value >> 16));
            out.write((int) (value >> 8));
            out.write((int) value);
            return this;
        }

        public Props string(int id, String value) {
            out.write(id);
            out.string(value);
            return this;
        }

        public Props binary(int id, byte[] value) {
            out.write(id);
            out.binary(value);
            return this;
        }

        public Props userProperty(String key, String value) {
            out.write(0x26);
            out.string(key);
            out.string(value);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    static final class Out extends ByteArrayOutputStream {
        void writeShort(int v) {
            write(v >> 8);
            write(v);
        }

        void varInt(int value) {
            do {
                int digit = value & 0x7F;
                value >>>= 7;
                write(value > 0 ? digit | 0x80 : digit);
            } while (value > 0);
        }

        void string(String s) {
            binary(s.getBytes(StandardCharsets.UTF_8));
        }

        void binary(byte[] b) {
            writeShort(b.length);
            writeBytes(b);
        }

        void props(Props p) {
            byte[] b = p.bytes();
            varInt(b.length);
            writeBytes(b);
        }
    }
}

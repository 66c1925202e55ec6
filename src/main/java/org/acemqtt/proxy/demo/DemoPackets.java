package org.acemqtt.proxy.demo;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Hand-encoded MQTT v5 packets for the demo's self-check: it depends on nothing but the JDK and BouncyCastle. */
final class DemoPackets {
    static final int CONNACK = 0x20;
    static final int PUBLISH = 0x30;
    static final int PUBACK = 0x40;
    static final int SUBACK = 0x90;
    static final int DISCONNECT = 0xE0;
    static final int AUTH = 0xF0;

    private DemoPackets() {
    }

    /** One received packet: the first byte and the body after the Remaining Length. */
    record Packet(int header, byte[] body) {
        int type() {
            return header & 0xF0;
        }

        /** The reason code of CONNACK (second byte), PUBACK (third byte, 0 if absent), AUTH/DISCONNECT (first). */
        int reasonCode() {
            return switch (type()) {
                case CONNACK -> body[1] & 0xFF;
                case PUBACK -> body.length > 2 ? body[2] & 0xFF : 0;
                default -> body.length > 0 ? body[0] & 0xFF : 0;
            };
        }

        /** The Authentication Data (0x16) of an AUTH packet. */
        byte[] authenticationData() {
            int pos = 1;
            int length = 0;
            for (int shift = 0; ; shift += 7) {
                int digit = body[pos++] & 0xFF;
                length |= (digit & 0x7F) << shift;
                if ((digit & 0x80) == 0) {
                    break;
                }
            }
            int end = pos + length;
            while (pos < end) {
                int id = body[pos++] & 0xFF;
                int n = ((body[pos] & 0xFF) << 8) | (body[pos + 1] & 0xFF);
                if (id == 0x16) {
                    return java.util.Arrays.copyOfRange(body, pos + 2, pos + 2 + n);
                }
                pos += 2 + n; // 0x15 Authentication Method and 0x1F Reason String are both length-prefixed
            }
            return new byte[0];
        }
    }

    static byte[] connectAce(String clientId, byte[] authenticationData) {
        byte[] properties = concat(new byte[] {0x15}, str("ace"), new byte[] {0x16}, binary(authenticationData));
        return packet(0x10, concat(str("MQTT"), new byte[] {5, 0x02, 0, 60}, varInt(properties.length), properties, str(clientId)));
    }

    static byte[] auth(int reasonCode, byte[] authenticationData) {
        byte[] properties = concat(new byte[] {0x15}, str("ace"), new byte[] {0x16}, binary(authenticationData));
        return packet(AUTH, concat(new byte[] {(byte) reasonCode}, varInt(properties.length), properties));
    }

    static byte[] subscribe(int packetId, String filter) {
        return packet(0x82, concat(new byte[] {(byte) (packetId >> 8), (byte) packetId, 0}, str(filter), new byte[] {1}));
    }

    static byte[] publishQos1(String topic, int packetId, String payload) {
        return packet(0x32, concat(str(topic), new byte[] {(byte) (packetId >> 8), (byte) packetId, 0},
                payload.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] puback(byte high, byte low) {
        return packet(PUBACK, new byte[] {high, low});
    }

    static byte[] disconnect() {
        return new byte[] {(byte) 0xE0, 0};
    }

    static Packet read(DataInputStream in) throws IOException {
        int header = in.readUnsignedByte();
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            int digit = in.readUnsignedByte();
            length |= (digit & 0x7F) << shift;
            if ((digit & 0x80) == 0) {
                break;
            }
        }
        byte[] body = new byte[length];
        in.readFully(body);
        return new Packet(header, body);
    }

    static byte[] packet(int header, byte[] body) {
        return concat(new byte[] {(byte) header}, varInt(body.length), body);
    }

    static byte[] varInt(int value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4);
        do {
            int digit = value & 0x7F;
            value >>>= 7;
            out.write(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
        return out.toByteArray();
    }

    static byte[] str(String s) {
        return binary(s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] binary(byte[] bytes) {
        return concat(new byte[] {(byte) (bytes.length >> 8), (byte) bytes.length}, bytes);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}

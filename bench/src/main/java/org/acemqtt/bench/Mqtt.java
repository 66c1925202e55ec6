package org.acemqtt.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Minimal MQTT v5 packet encoding (done once, outside the measured loops) and an in-place packet parser. */
final class Mqtt {
    static final int CONNACK = 2, PUBLISH = 3, PUBACK = 4, SUBACK = 9, DISCONNECT = 14;

    private Mqtt() {
    }

    static byte[] connect(String clientId, byte[] authData) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        str(v, "MQTT");
        v.write(5);
        v.write(0x02); // clean start, no will, no credentials
        v.write(1);
        v.write(44); // keep alive 300 s: idle-memory connections stay open for minutes
        ByteArrayOutputStream props = new ByteArrayOutputStream();
        if (authData != null) {
            props.write(0x15);
            str(props, "ace");
            props.write(0x16);
            bin(props, authData);
        }
        varint(v, props.size());
        v.writeBytes(props.toByteArray());
        str(v, clientId);
        return packet(0x10, v.toByteArray());
    }

    static byte[] subscribe(int packetId, String filter, int qos) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        v.write(packetId >> 8);
        v.write(packetId);
        v.write(0); // no properties
        str(v, filter);
        v.write(qos);
        return packet(0x82, v.toByteArray());
    }

    /** PUBLISH; at QoS 1 the packet identifier sits at {@link #publishIdOffset(byte[])} for patching. */
    static byte[] publish(String topic, int qos, byte[] payload) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        str(v, topic);
        if (qos > 0) {
            v.write(0);
            v.write(1);
        }
        v.write(0); // no properties
        v.writeBytes(payload);
        return packet(0x30 | qos << 1, v.toByteArray());
    }

    static int publishIdOffset(byte[] pkt) {
        int i = 1;
        while ((pkt[i] & 0x80) != 0) {
            i++;
        }
        i++;
        int topicLen = (pkt[i] & 0xff) << 8 | pkt[i + 1] & 0xff;
        return i + 2 + topicLen;
    }

    /** Offset of the payload inside a PUBLISH we built (no properties). */
    static int publishPayloadOffset(byte[] pkt, int qos) {
        return publishIdOffset(pkt) + (qos > 0 ? 2 : 0) + 1;
    }

    static final byte[] DISCONNECT_PKT = {(byte) 0xE0, 0};

    static void puback(byte[] out, int at, int packetId) {
        out[at] = 0x40;
        out[at + 1] = 2;
        out[at + 2] = (byte) (packetId >> 8);
        out[at + 3] = (byte) packetId;
    }

    private static byte[] packet(int first, byte[] body) {
        ByteArrayOutputStream p = new ByteArrayOutputStream(body.length + 5);
        p.write(first);
        varint(p, body.length);
        p.writeBytes(body);
        return p.toByteArray();
    }

    private static void varint(ByteArrayOutputStream o, int n) {
        do {
            int b = n & 0x7f;
            n >>>= 7;
            o.write(n > 0 ? b | 0x80 : b);
        } while (n > 0);
    }

    private static void str(ByteArrayOutputStream o, String s) {
        bin(o, s.getBytes(StandardCharsets.UTF_8));
    }

    private static void bin(ByteArrayOutputStream o, byte[] b) {
        o.write(b.length >> 8);
        o.write(b.length);
        o.writeBytes(b);
    }

    /** Reads whole packets from a stream into one growing buffer; a packet is valid until the next {@link #next()}. */
    static final class Reader {
        private final InputStream in;
        byte[] buf = new byte[8 * 1024]; // grows; 10,000 idle connections must fit in the load client
        private int start, end;
        /** The current packet: first byte, offset and length of the body (after the remaining length). */
        int header, bodyOff, bodyLen;

        Reader(InputStream in) {
            this.in = in;
        }

        /** Whether a whole packet is already buffered (so the caller can batch work before blocking). */
        boolean hasBuffered() {
            return complete() >= 0;
        }

        /** Next packet type (0..15), or -1 on end of stream. */
        int next() throws IOException {
            int total;
            while ((total = complete()) < 0) {
                if (start > 0 && (end == buf.length || start == end)) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                }
                if (end == buf.length) {
                    byte[] bigger = new byte[buf.length * 2];
                    System.arraycopy(buf, 0, bigger, 0, end);
                    buf = bigger;
                }
                int n = in.read(buf, end, buf.length - end);
                if (n < 0) {
                    return -1;
                }
                end += n;
            }
            header = buf[start] & 0xff;
            start += total;
            return header >> 4;
        }

        /** Length of the buffered packet at start, or -1; sets bodyOff/bodyLen. */
        private int complete() {
            int avail = end - start;
            if (avail < 2) {
                return -1;
            }
            int len = 0, shift = 0, i = start + 1;
            while (true) {
                if (i >= end) {
                    return -1;
                }
                int b = buf[i++];
                len |= (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
                shift += 7;
            }
            if (end - i < len) {
                return -1;
            }
            bodyOff = i;
            bodyLen = len;
            return i - start + len;
        }

        int u8(int off) {
            return buf[off] & 0xff;
        }

        int u16(int off) {
            return (buf[off] & 0xff) << 8 | buf[off + 1] & 0xff;
        }

        long i64(int off) {
            long v = 0;
            for (int k = 0; k < 8; k++) {
                v = v << 8 | buf[off + k] & 0xff;
            }
            return v;
        }

        /** For a PUBLISH: offset of the packet id (QoS > 0) or of the properties length. */
        int publishAfterTopic() {
            return bodyOff + 2 + u16(bodyOff);
        }

        /** For a PUBLISH: offset of the payload. */
        int publishPayload(int qos) {
            int i = publishAfterTopic() + (qos > 0 ? 2 : 0);
            int plen = 0, shift = 0;
            while (true) {
                int b = buf[i++];
                plen |= (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
                shift += 7;
            }
            return i + plen;
        }
    }
}

package org.acemqtt.proxy.testsupport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLSocket;

/**
 * A lean blocking MQTT client over a plain or TLS socket: it sends pre-encoded bytes ({@link MqttBytes}) and reads
 * reply packets with a timeout, so tests see exact packet types and reason codes and can send malformed packets.
 * Not thread-safe; one reader thread and one writer thread at most.
 */
public final class RawMqttClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private final org.acemqtt.proxy.demo.ExporterTlsClient exporterClient;

    private RawMqttClient(Socket socket) throws IOException {
        this(socket, socket.getInputStream(), socket.getOutputStream(), null);
    }

    private RawMqttClient(Socket socket, java.io.InputStream input, OutputStream output, org.acemqtt.proxy.demo.ExporterTlsClient exporterClient)
            throws IOException {
        this.socket = socket;
        this.exporterClient = exporterClient;
        socket.setTcpNoDelay(true);
        this.in = new DataInputStream(new BufferedInputStream(input, 64 * 1024));
        this.out = new BufferedOutputStream(output, 64 * 1024);
    }

    public static RawMqttClient plain(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return new RawMqttClient(socket);
    }

    /** TLS 1.3 to the proxy, trusting the test CA, with the handshake done before this returns. */
    public static RawMqttClient tls(int port, TestPki pki) throws IOException {
        Socket tcp = new Socket();
        tcp.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        SSLSocket tls = (SSLSocket) pki.clientSslContext("TLSv1.3").getSocketFactory()
                .createSocket(tcp, "localhost", port, true);
        tls.setSoTimeout(10_000);
        tls.startHandshake();
        return new RawMqttClient(tls);
    }

    /**
     * TLS through BouncyCastle's TLS client, which (unlike the JDK's JSSE) gives the TLS exporter: what a real ACE
     * client signs for RFC 9431 §2.2.4.2.1.
     */
    public static RawMqttClient tlsWithExporter(int port, TestPki pki, String protocol) throws IOException {
        org.acemqtt.proxy.demo.ExporterTlsClient.Connection c = org.acemqtt.proxy.demo.ExporterTlsClient.connect(port, pki.caCertificate(), protocol);
        return new RawMqttClient(c.socket(), c.tls().getInputStream(), c.tls().getOutputStream(), c.client());
    }

    /** The TLS exporter value of this connection ({@code emptyContext} false: RFC 5705 "no context"). */
    public byte[] exporter(boolean emptyContext) {
        return exporterClient.exporter(emptyContext);
    }

    /** Writes and flushes. */
    public RawMqttClient send(byte[]... packets) throws IOException {
        for (byte[] p : packets) {
            out.write(p);
        }
        out.flush();
        return this;
    }

    /** Buffers without flushing (for bulk sends); call {@link #flush()}. */
    public void write(byte[] packet) throws IOException {
        out.write(packet);
    }

    public void flush() throws IOException {
        out.flush();
    }

    /** Sends CONNECT and returns the CONNACK (whatever its code). */
    public Packet connect(byte[] connect) throws IOException {
        send(connect);
        return read(Duration.ofSeconds(10));
    }

    /** The next packet; fails on timeout, throws {@link EOFException} if the peer closed. */
    public Packet read(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            int first = in.read();
            if (first < 0) {
                throw new EOFException("connection closed by peer");
            }
            int length = 0;
            int shift = 0;
            int digit;
            do {
                digit = in.readUnsignedByte();
                length |= (digit & 0x7F) << shift;
                shift += 7;
            } while ((digit & 0x80) != 0);
            byte[] body = new byte[length];
            in.readFully(body);
            return new Packet(first >> 4, first & 0x0F, body);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no packet within " + timeout.toMillis() + " ms");
        }
    }

    /**
     * Reads until the peer closes and returns the packets that came before; fails if the connection is still open
     * after {@code timeout}. A reset counts as closed.
     */
    public List<Packet> readUntilClosed(Duration timeout) throws IOException {
        List<Packet> packets = new ArrayList<>();
        long until = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = Math.max(1, (until - System.nanoTime()) / 1_000_000);
            if (System.nanoTime() > until) {
                throw new AssertionError("connection still open after " + timeout.toMillis() + " ms; got " + packets);
            }
            try {
                packets.add(read(Duration.ofMillis(left)));
            } catch (EOFException | SocketException closed) {
                return packets;
            } catch (AssertionError stillOpen) {
                throw new AssertionError("connection still open after " + timeout.toMillis() + " ms; got " + packets);
            }
        }
    }

    /** Closes abruptly (RST), as a crashed client would. */
    public void kill() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** One received packet: type (upper nibble), flags (lower nibble), body after the Remaining Length. */
    public record Packet(int type, int flags, byte[] body) {
        /** The reason code of a CONNACK, PUBACK/PUBREC/PUBREL/PUBCOMP or DISCONNECT (0 when omitted). */
        public int reasonCode() {
            return switch (type) {
                case MqttBytes.CONNACK -> body[1] & 0xFF;
                case MqttBytes.PUBACK, MqttBytes.PUBREC, MqttBytes.PUBREL, MqttBytes.PUBCOMP -> body.length > 2 ? body[2] & 0xFF : 0;
                case MqttBytes.DISCONNECT, MqttBytes.AUTH -> body.length > 0 ? body[0] & 0xFF : 0;
                default -> throw new IllegalStateException("no reason code in packet type " + type);
            };
        }

        public boolean sessionPresent() {
            return (body[0] & 0x01) != 0;
        }

        public int packetId() {
            return ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
        }

        /** SUBACK reason codes, in order. */
        public int[] subackCodes(int version) {
            int pos = 2;
            if (version == 5) {
                int[] lengthAndSize = varInt(pos);
                pos += lengthAndSize[1] + lengthAndSize[0];
            }
            int[] codes = new int[body.length - pos];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = body[pos + i] & 0xFF;
            }
            return codes;
        }

        public String topic() {
            int length = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
            return new String(body, 2, length, StandardCharsets.UTF_8);
        }

        public int qos() {
            return (flags >> 1) & 0x03;
        }

        /** The packet id of a QoS 1/2 PUBLISH. */
        public int publishPacketId() {
            int pos = 2 + (((body[0] & 0xFF) << 8) | (body[1] & 0xFF));
            return ((body[pos] & 0xFF) << 8) | (body[pos + 1] & 0xFF);
        }

        /** The payload of a PUBLISH. */
        public byte[] payload(int version) {
            int pos = 2 + (((body[0] & 0xFF) << 8) | (body[1] & 0xFF)) + (qos() > 0 ? 2 : 0);
            if (version == 5) {
                int[] lengthAndSize = varInt(pos);
                pos += lengthAndSize[1] + lengthAndSize[0];
            }
            return Arrays.copyOfRange(body, pos, body.length);
        }

        /**
         * The properties of a v5 CONNACK by identifier (numbers as Integer/Long, strings as String, binary as
         * byte[]; for a repeated User Property the last one).
         */
        public java.util.Map<Integer, Object> connackProperties() {
            return propertiesAt(2);
        }

        /** The properties of a v5 AUTH or DISCONNECT (after its reason code). */
        public java.util.Map<Integer, Object> reasonProperties() {
            return body.length > 1 ? propertiesAt(1) : java.util.Map.of();
        }

        private java.util.Map<Integer, Object> propertiesAt(int start) {
            java.util.Map<Integer, Object> props = new java.util.HashMap<>();
            int[] lengthAndSize = varInt(start);
            int pos = start + lengthAndSize[1];
            int end = pos + lengthAndSize[0];
            while (pos < end) {
                int id = body[pos++] & 0xFF;
                switch (id) {
                    case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> props.put(id, body[pos++] & 0xFF);
                    case 0x13, 0x21, 0x22, 0x23 -> {
                        props.put(id, ((body[pos] & 0xFF) << 8) | (body[pos + 1] & 0xFF));
                        pos += 2;
                    }
                    case 0x02, 0x11, 0x18, 0x27 -> {
                        props.put(id, ((long) (body[pos] & 0xFF) << 24) | ((body[pos + 1] & 0xFF) << 16)
                                | ((body[pos + 2] & 0xFF) << 8) | (body[pos + 3] & 0xFF));
                        pos += 4;
                    }
                    case 0x26 -> {
                        int k = ((body[pos] & 0xFF) << 8) | (body[pos + 1] & 0xFF);
                        pos += 2 + k;
                        int v = ((body[pos] & 0xFF) << 8) | (body[pos + 1] & 0xFF);
                        props.put(id, new String(body, pos + 2, v, StandardCharsets.UTF_8));
                        pos += 2 + v;
                    }
                    case 0x16, 0x09 -> {
                        int n = ((body[pos] & 0xFF) << 8) | (body[pos + 1] & 0xFF);
                        props.put(id, Arrays.copyOfRange(body, pos + 2, pos + 2 + n));
                        pos += 2 + n;
                    }
                    default -> {
                        int n = ((body[pos] & 0xFF) << 8) | (body[pos + 1] & 0xFF);
                        props.put(id, new String(body, pos + 2, n, StandardCharsets.UTF_8));
                        pos += 2 + n;
                    }
                }
            }
            return props;
        }

        /** Whether the properties of a CONNACK (v5) contain a User Property with this name. */
        public boolean hasUserProperty(String name) {
            return new String(body, StandardCharsets.UTF_8).contains(name);
        }

        private int[] varInt(int pos) {
            int value = 0;
            int shift = 0;
            int size = 0;
            int digit;
            do {
                digit = body[pos + size] & 0xFF;
                value |= (digit & 0x7F) << shift;
                shift += 7;
                size++;
            } while ((digit & 0x80) != 0);
            return new int[] {value, size};
        }

        @Override
        public String toString() {
            return "Packet[type=" + type + ", flags=" + flags + ", length=" + body.length
                    + (type == MqttBytes.CONNACK || type == MqttBytes.DISCONNECT ? ", reason=0x" + Integer.toHexString(reasonCode()) : "")
                    + "]";
        }
    }
}

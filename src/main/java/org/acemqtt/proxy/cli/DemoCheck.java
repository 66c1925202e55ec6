package org.acemqtt.proxy.cli;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The demo's proof that the proxy works: over TLS, a v5 client subscribes inside the anonymous scope, publishes to
 * itself through proxy and broker, and sees a publish outside the scope refused with PUBACK 0x87 (RFC 9431 §3.1).
 * Packets are written by hand so that the check depends on nothing but the JDK.
 */
final class DemoCheck {
    private final X509Certificate trusted;
    private final int port;

    DemoCheck(X509Certificate trusted, int port) {
        this.trusted = trusted;
        this.port = port;
    }

    /** Runs the check; returns a one-line account of each step, or throws with what went wrong. */
    String run() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("demo", trusted);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext tls = SSLContext.getInstance("TLSv1.3");
        tls.init(null, tmf.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("localhost", port)) {
            socket.setSoTimeout(5_000);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            out.write(packet(0x10, concat(str("MQTT"), new byte[] {5, 0x02, 0, 60, 0}, str("ace-demo-check"))));
            expect(in, 0x20, "CONNACK", 1, 0x00);
            out.write(packet(0x82, concat(new byte[] {0, 1, 0}, str("demo/check"), new byte[] {1})));
            expect(in, 0x90, "SUBACK", 3, 0x01);
            long start = System.nanoTime();
            out.write(packet(0x32, concat(str("demo/check"), new byte[] {0, 2, 0}, "hello".getBytes(StandardCharsets.UTF_8))));
            boolean acked = false;
            boolean delivered = false;
            while (!acked || !delivered) {
                int[] header = new int[1];
                byte[] body = read(in, header);
                if ((header[0] & 0xF0) == 0x40) {
                    acked = true;
                } else if ((header[0] & 0xF0) == 0x30) {
                    delivered = true;
                    out.write(packet(0x40, new byte[] {body[12], body[13]})); // PUBACK the delivery (its packet id)
                }
            }
            long micros = (System.nanoTime() - start) / 1_000;
            out.write(packet(0x32, concat(str("secret/x"), new byte[] {0, 3, 0}, "no".getBytes(StandardCharsets.UTF_8))));
            expect(in, 0x40, "PUBACK", 2, 0x87);
            out.write(new byte[] {(byte) 0xE0, 0});
            return socket.getSession().getProtocol() + " handshake verified; SUBSCRIBE demo/check granted; PUBLISH demo/check"
                    + " relayed through the broker and back in " + micros + " µs; PUBLISH secret/x refused with PUBACK 0x87";
        }
    }

    private static void expect(DataInputStream in, int type, String name, int codeOffset, int code) throws IOException {
        int[] header = new int[1];
        byte[] body = read(in, header);
        if ((header[0] & 0xF0) != type || body.length <= codeOffset || (body[codeOffset] & 0xFF) != code) {
            throw new IOException("expected " + name + " with code 0x" + Integer.toHexString(code) + ", got packet type 0x"
                    + Integer.toHexString(header[0]) + " of " + body.length + " bytes");
        }
    }

    private static byte[] read(DataInputStream in, int[] header) throws IOException {
        header[0] = in.readUnsignedByte();
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
        return body;
    }

    private static byte[] packet(int header, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 5);
        out.write(header);
        int length = body.length;
        do {
            int digit = length & 0x7F;
            length >>>= 7;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] str(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return concat(new byte[] {(byte) (bytes.length >> 8), (byte) bytes.length}, bytes);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}

package org.acemqtt.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.bouncycastle.tls.TlsClientProtocol;

/**
 * One MQTT v5 connection over TLS 1.3 (BC blocking client). Writes are buffered here (one TLS write per flush, which
 * BC splits into records of at most 16 KiB); reads go through {@link Mqtt.Reader}. One thread writes, one reads.
 */
final class Conn implements Closeable {
    /** A path under test: where to connect and whether it wants an ACE token. */
    record Target(String name, int port, boolean ace) {
    }

    final Socket socket;
    private final TlsClientProtocol tls;
    private final OutputStream out;
    final Mqtt.Reader reader;
    final BenchTls client;
    private final byte[] wbuf = new byte[32 * 1024];
    private int wpos;
    int receiveMaximum = 65_535;

    private Conn(Socket socket, TlsClientProtocol tls, BenchTls client) {
        this.socket = socket;
        this.tls = tls;
        this.client = client;
        this.out = tls.getOutputStream();
        InputStream in = tls.getInputStream();
        this.reader = new Mqtt.Reader(in);
    }

    static Conn open(Target t, byte[] leaf) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress("127.0.0.1", t.port()), 5_000);
        s.setSoTimeout(30_000);
        TlsClientProtocol tls = new TlsClientProtocol(s.getInputStream(), s.getOutputStream());
        BenchTls client = new BenchTls(leaf);
        try {
            tls.connect(client);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return new Conn(s, tls, client);
    }

    /** TLS handshake, CONNECT (with token + PoP on an ace target), CONNACK; fails unless the reason code is 0. */
    static Conn connect(Target t, byte[] leaf, AceToken ace, String clientId) throws IOException {
        Conn c = open(t, leaf);
        try {
            byte[] auth = t.ace() ? ace.authData(c.client.exporter) : null;
            c.put(Mqtt.connect(clientId, auth));
            c.flush();
            int type = c.reader.next();
            if (type != Mqtt.CONNACK) {
                throw new IOException(t.name() + ": expected CONNACK, got type " + type);
            }
            int reason = c.reader.u8(c.reader.bodyOff + 1);
            if (reason != 0) {
                throw new IOException(t.name() + ": CONNACK reason 0x" + Integer.toHexString(reason));
            }
            c.parseConnackProps();
            return c;
        } catch (IOException | RuntimeException e) {
            c.closeQuietly();
            throw e;
        }
    }

    private void parseConnackProps() {
        Mqtt.Reader r = reader;
        int i = r.bodyOff + 2, len = 0, shift = 0;
        while (true) {
            int b = r.buf[i++];
            len |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            shift += 7;
        }
        int end = i + len;
        while (i < end) {
            int id = r.u8(i++);
            switch (id) {
                case 0x21 -> { receiveMaximum = r.u16(i); i += 2; }
                case 0x13, 0x22 -> i += 2; // keep alive, topic alias max
                case 0x11, 0x27 -> i += 4; // session expiry, max packet size
                case 0x24, 0x25, 0x28, 0x29, 0x2A -> i += 1;
                case 0x12, 0x1A, 0x1C, 0x1F, 0x15 -> i += 2 + r.u16(i); // strings
                case 0x16 -> i += 2 + r.u16(i); // binary
                case 0x26 -> { i += 2 + r.u16(i); i += 2 + r.u16(i); } // user property
                default -> i = end; // unknown: stop parsing
            }
        }
    }

    void subscribe(String filter, int qos) throws IOException {
        put(Mqtt.subscribe(1, filter, qos));
        flush();
        int type = reader.next();
        if (type != Mqtt.SUBACK) {
            throw new IOException("expected SUBACK, got " + type);
        }
        int propLen = reader.u8(reader.bodyOff + 2); // < 128 here
        int code = reader.u8(reader.bodyOff + 3 + propLen);
        if (code > 2) {
            throw new IOException("SUBACK reason 0x" + Integer.toHexString(code) + " for " + filter);
        }
    }

    void put(byte[] b) throws IOException {
        put(b, 0, b.length);
    }

    void put(byte[] b, int off, int len) throws IOException {
        if (wpos + len > wbuf.length) {
            flush();
            if (len > wbuf.length) {
                out.write(b, off, len);
                return;
            }
        }
        System.arraycopy(b, off, wbuf, wpos, len);
        wpos += len;
    }

    void flush() throws IOException {
        if (wpos > 0) {
            out.write(wbuf, 0, wpos);
            wpos = 0;
        }
    }

    int pending() {
        return wpos;
    }

    void disconnect() {
        try {
            put(Mqtt.DISCONNECT_PKT);
            flush();
        } catch (IOException ignored) {
            // closing anyway
        }
        closeQuietly();
    }

    void closeQuietly() {
        try {
            tls.close();
        } catch (IOException ignored) {
            // fine
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // fine
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}

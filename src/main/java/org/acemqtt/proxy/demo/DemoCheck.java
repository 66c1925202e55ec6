package org.acemqtt.proxy.demo;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The demo's proof that the whole RFC 9431 flow works through the proxy to a real broker: a TLS-exporter PoP connect
 * (§2.2.4.2.1), an allowed and a denied publish with their reason codes (§3.1), a re-authentication by
 * challenge/response (§4), and the disconnect when the new token expires (§4).
 */
final class DemoCheck {
    static final String TOPIC = "demo/check";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path trustedCertificate;
    private final int port;
    private final DevTokenMinter minter;
    private final Ed25519PrivateKeyParameters popKey = new Ed25519PrivateKeyParameters(RANDOM);

    DemoCheck(Path trustedCertificate, int port, DevTokenMinter minter) {
        this.trustedCertificate = trustedCertificate;
        this.port = port;
        this.minter = minter;
    }

    /** Runs the flow; returns one line per step, or throws with the step that went wrong. */
    List<String> run() throws Exception {
        List<String> steps = new ArrayList<>();
        byte[] scope = DemoScopes.cbor(Demo.SCOPE);
        byte[] x = popKey.generatePublicKey().getEncoded();
        ExporterTlsClient.Connection tls = ExporterTlsClient.connect(port, trustedCertificate, "TLSv1.3");
        try {
            OutputStream out = tls.tls().getOutputStream();
            DataInputStream in = new DataInputStream(tls.tls().getInputStream());
            byte[] token = minter.ed25519Token(scope, x, 3600, "demo-device");
            byte[] proof = sign(tls.client().exporter(true));
            out.write(DemoPackets.connectAce("ace-demo-device", authenticationData(token, proof)));
            expect(DemoPackets.read(in), DemoPackets.CONNACK, 0x00, "CONNECT with token and TLS-exporter proof");
            steps.add("CONNECT with a " + token.length + "-byte token and an Ed25519 proof over the TLS exporter: CONNACK 0x00");
            out.write(DemoPackets.subscribe(1, TOPIC));
            expect(DemoPackets.read(in), DemoPackets.SUBACK, -1, "SUBSCRIBE");
            out.write(DemoPackets.publishQos1(TOPIC, 2, "hello through the proxy"));
            boolean acked = false;
            boolean delivered = false;
            while (!acked || !delivered) {
                DemoPackets.Packet p = DemoPackets.read(in);
                if (p.type() == DemoPackets.PUBACK) {
                    acked = true;
                } else if (p.type() == DemoPackets.PUBLISH) {
                    delivered = true;
                    int idAt = 2 + TOPIC.length();
                    out.write(DemoPackets.puback(p.body()[idAt], p.body()[idAt + 1]));
                }
            }
            steps.add("PUBLISH " + TOPIC + " (in scope): PUBACK, and the broker delivered it back to the subscription");
            out.write(DemoPackets.publishQos1("secret/x", 3, "not allowed"));
            expect(DemoPackets.read(in), DemoPackets.PUBACK, 0x87, "PUBLISH outside the scope");
            steps.add("PUBLISH secret/x (outside the scope): PUBACK 0x87 Not authorized, never forwarded");
            reauthenticate(in, out, minter.ed25519Token(scope, x, 3, "demo-device"));
            steps.add("AUTH 0x19 with a new 3-second token, challenge/response: AUTH 0x00, the new grant applies at once");
            long start = System.nanoTime();
            expect(skipDeliveries(in), DemoPackets.DISCONNECT, 0x87, "expiry");
            steps.add("token expired: DISCONNECT 0x87 after " + (System.nanoTime() - start) / 1_000_000 + " ms");
            return steps;
        } finally {
            tls.socket().close();
        }
    }

    private void reauthenticate(DataInputStream in, OutputStream out, byte[] token) throws IOException {
        out.write(DemoPackets.auth(0x19, authenticationData(token, null)));
        DemoPackets.Packet challenge = skipDeliveries(in);
        expect(challenge, DemoPackets.AUTH, 0x18, "re-authentication challenge");
        byte[] rsNonce = challenge.authenticationData();
        byte[] clientNonce = new byte[8];
        RANDOM.nextBytes(clientNonce);
        byte[] signature = sign(DemoPackets.concat(rsNonce, clientNonce));
        out.write(DemoPackets.auth(0x18, DemoPackets.concat(clientNonce, signature)));
        expect(skipDeliveries(in), DemoPackets.AUTH, 0x00, "re-authentication");
    }

    /** The next packet that is not a PUBACK of the earlier exchange. */
    private static DemoPackets.Packet skipDeliveries(DataInputStream in) throws IOException {
        DemoPackets.Packet p = DemoPackets.read(in);
        while (p.type() == DemoPackets.PUBACK || p.type() == DemoPackets.PUBLISH) {
            p = DemoPackets.read(in);
        }
        return p;
    }

    private byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, popKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /** RFC 9431 Figures 4/5: TokenLen(2) | Token [| proof]. */
    static byte[] authenticationData(byte[] token, byte[] proof) {
        return DemoPackets.concat(new byte[] {(byte) (token.length >> 8), (byte) token.length}, token,
                proof == null ? new byte[0] : proof);
    }

    private static void expect(DemoPackets.Packet p, int type, int code, String step) throws IOException {
        if (p.type() != type || (code >= 0 && p.reasonCode() != code)) {
            throw new IOException(step + ": expected packet 0x" + Integer.toHexString(type) + (code >= 0 ? " with code 0x"
                    + Integer.toHexString(code) : "") + ", got 0x" + Integer.toHexString(p.header()) + " code 0x"
                    + Integer.toHexString(p.reasonCode()));
        }
    }
}

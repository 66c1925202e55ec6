package org.acemqtt.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.acemqtt.proxy.testsupport.Closer;
import org.acemqtt.proxy.testsupport.AceClientKeys;
import org.acemqtt.proxy.testsupport.ExternalProcess;
import org.acemqtt.proxy.testsupport.HiveClients;
import org.acemqtt.proxy.testsupport.MosquittoBroker;
import org.acemqtt.proxy.testsupport.MqttBytes;
import org.acemqtt.proxy.testsupport.NettyLeakGuard;
import org.acemqtt.proxy.testsupport.ProxyFixture;
import org.acemqtt.proxy.testsupport.RawMqttClient;
import org.acemqtt.proxy.testsupport.TestClaims;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 9431 §2.2.3.1 end to end with gnutls-cli: the client uploads a token bound to its EC P-256 key to
 * {@code authz-info}, then connects with that key as an RFC 7250 raw public key and hand-encoded MQTT 3.1.1 packets;
 * the handshake binds the token and its scope applies. An unbound key fails the handshake.
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(90)
class RawPublicKeyIT {
    static final AceClientKeys KEYS = new AceClientKeys();
    /** v3.1.1 CONNECT "rpk" and PUBLISH QoS 1 "topic1" id 1 "hi", hand-encoded. */
    static final byte[] CONNECT_AND_PUBLISH = ("\u0010\u000f\u0000\u0004MQTT\u0004\u0002\u0000\u003c\u0000\u0003rpk"
            + "\u0032\u000c\u0000\u0006topic1\u0000\u0001hi").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    static final String CONNACK_ACCEPTED = "\u0020\u0002\u0000\u0000";
    static final String PUBACK_1 = "\u0040\u0002\u0000\u0001";
    static MosquittoBroker broker;
    static ProxyFixture proxy;
    static Path dir;

    @BeforeAll
    static void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        broker = MosquittoBroker.start(dir.resolve("broker"));
        proxy = ProxyFixture.builder(dir.resolve("proxy"), broker.port()).anonymousScope(null)
                .issuer(TestClaims.ISSUER, KEYS.asJwks()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        Closer.closeAll(proxy, broker);
    }

    /** An openssl-made P-256 key pair (gnutls does not read the JDK's minimal PKCS#8); returns {x, y}. */
    private static byte[][] keyPair(String name) throws Exception {
        Path key = dir.resolve(name + ".key");
        Path pub = dir.resolve(name + ".pub");
        ExternalProcess.run(List.of("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-out", key.toString()), null, 0, 20);
        ExternalProcess.run(List.of("openssl", "pkey", "-in", key.toString(), "-pubout", "-out", pub.toString()), null, 0, 20);
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(pub))) {
            byte[] point = ((SubjectPublicKeyInfo) parser.readObject()).getPublicKeyData().getBytes();
            return new byte[][] {Arrays.copyOfRange(point, 1, 33), Arrays.copyOfRange(point, 33, 65)};
        }
    }

    /**
     * Runs gnutls-cli with the key pair {@code name}, writes the packets once the handshake is done and keeps stdin
     * open until the expected answer arrived (gnutls-cli quits at end of input, possibly before the answer), or 15 s.
     */
    private static String gnutls(String name, String version, String expected) throws Exception {
        Process p = new ProcessBuilder("gnutls-cli", "-p", String.valueOf(proxy.tlsPort()),
                "--x509cafile", proxy.pki().caCertificate().toString(),
                "--priority", "NORMAL:-VERS-ALL:" + version + ":+CTYPE-CLI-ALL",
                "--rawpkkeyfile", dir.resolve(name + ".key").toString(),
                "--rawpkfile", dir.resolve(name + ".pub").toString(), "127.0.0.1").redirectErrorStream(true).start();
        StringBuffer output = new StringBuffer();
        Thread reader = new Thread(() -> {
            try {
                byte[] buffer = new byte[4096];
                for (int n; (n = p.getInputStream().read(buffer)) > 0; ) {
                    output.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
                }
            } catch (java.io.IOException closed) {
                // process ended
            }
        });
        reader.start();
        try {
            long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!output.toString().contains("Handshake was completed") && p.isAlive() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            if (p.isAlive()) {
                p.getOutputStream().write(CONNECT_AND_PUBLISH);
                p.getOutputStream().flush();
            }
            while (!output.toString().contains(expected) && p.isAlive() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            return output.toString();
        } finally {
            p.destroy();
            p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            reader.join(5_000);
        }
    }

    @Test
    void aRawPublicKeyBoundByAnUploadedTokenConnectsWithTheTokensScope() throws Exception {
        byte[][] xy = keyPair("bound");
        try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            assertThat(c.connect(MqttBytes.connect(5, HiveClients.id("uploader"))).reasonCode()).isZero();
            c.send(MqttBytes.publish(5, "authz-info", 1, 1, KEYS.ecToken(AceClientKeys.aif("topic1"), xy[0], xy[1], 3600)));
            assertThat(c.read(Duration.ofSeconds(5)).reasonCode()).isZero();
        }
        for (String version : List.of("+VERS-TLS1.3", "+VERS-TLS1.2")) {
            try (HiveClients.DirectSubscriber sub = new HiveClients.DirectSubscriber(broker, "topic1")) {
                String output = gnutls("bound", version, PUBACK_1);
                assertThat(output).as(version + "\n" + output).contains(CONNACK_ACCEPTED).contains(PUBACK_1);
                assertThat(sub.untilTopic("topic1")).isNotEmpty();
            }
        }
        assertThat(proxy.metric("ace_proxy_auth_total", "method=\"rpk\"", "outcome=\"success\"")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aRawPublicKeyWithoutAStoredTokenFailsTheHandshake() throws Exception {
        keyPair("unbound");
        String output = gnutls("unbound", "+VERS-TLS1.3", CONNACK_ACCEPTED);
        assertThat(output).doesNotContain(CONNACK_ACCEPTED);
        assertThat(proxy.metric("ace_proxy_tls_handshake_failures_total")).isPositive();
    }
}

package org.acemqtt.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.acemqtt.proxy.testsupport.AceClientKeys;
import org.acemqtt.proxy.testsupport.HiveClients;
import org.acemqtt.proxy.testsupport.MosquittoBroker;
import org.acemqtt.proxy.testsupport.MqttBytes;
import org.acemqtt.proxy.testsupport.NettyLeakGuard;
import org.acemqtt.proxy.testsupport.ProxyFixture;
import org.acemqtt.proxy.testsupport.RawMqttClient;
import org.acemqtt.proxy.testsupport.TestClaims;
import org.acemqtt.proxy.testsupport.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificate rotation without dropping connections (issue 6): the listener's certificate and key are replaced the way
 * Kubernetes updates a mounted Secret (an atomic swap of the {@code ..data} symlink); new connections get the new
 * certificate within seconds, live ones keep running, and a broken replacement is refused with the old one kept.
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(90)
class HotReloadIT {
    static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void aRotatedCertificateIsServedToNewConnectionsWhileLiveOnesContinue(@TempDir Path dir) throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             ProxyFixture proxy = ProxyFixture.builder(dir.resolve("proxy"), broker.port()).start()) {
            Path pkiDir = proxy.pki().serverCertificate().getParent();
            kubernetesLayout(pkiDir, "..v1", proxy.pki());
            try (RawMqttClient live = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
                assertThat(live.connect(MqttBytes.connect(5, HiveClients.id("live"))).reasonCode()).isZero();

                TestPki rotated = TestPki.create(dir.resolve("rotated"));
                swap(pkiDir, "..v2", Files.readString(rotated.serverCertificate()), Files.readString(rotated.serverPrivateKey()));
                awaitHandshake(proxy, rotated);
                assertThatThrownBy(() -> RawMqttClient.tls(proxy.tlsPort(), proxy.pki())).isInstanceOf(IOException.class);

                live.send(MqttBytes.pingreq());
                assertThat(live.read(WAIT).type()).isEqualTo(MqttBytes.PINGRESP);

                swap(pkiDir, "..v3", "-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n",
                        Files.readString(rotated.serverPrivateKey()));
                long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (proxy.metric("ace_proxy_reloads_total", "outcome=\"failure\"") < 1 && System.nanoTime() < until) {
                    Thread.sleep(200);
                }
                assertThat(proxy.metric("ace_proxy_reloads_total", "outcome=\"failure\"")).isPositive();
                try (RawMqttClient next = RawMqttClient.tls(proxy.tlsPort(), rotated)) {
                    assertThat(next.connect(MqttBytes.connect(5, HiveClients.id("after-bad"))).reasonCode()).isZero();
                }
                assertThat(proxy.metric("ace_proxy_reloads_total", "outcome=\"success\"")).isPositive();
            }
        }
    }

    @Test
    void rotatedIssuerKeysApplyToTheNextToken(@TempDir Path dir) throws Exception {
        AceClientKeys before = new AceClientKeys();
        AceClientKeys after = new AceClientKeys();
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             ProxyFixture proxy = ProxyFixture.builder(dir.resolve("proxy"), broker.port()).anonymousScope(null)
                     .issuer(TestClaims.ISSUER, before.asJwks()).start();
             RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            assertThat(c.connect(MqttBytes.connect(5, HiveClients.id("uploader"))).reasonCode()).isZero();
            assertThat(upload(c, 1, before.token(AceClientKeys.aif("a"), 3600))).isZero();
            Files.writeString(dir.resolve("proxy/keys/as.jwks.json"), after.asJwks());
            long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            int packetId = 2;
            // Slowly: uploads are rate-limited to 10 per connection in 10 s, and the files are checked every 2 s.
            while (upload(c, packetId++, after.token(AceClientKeys.aif("a"), 3600)) != 0 && System.nanoTime() < until) {
                Thread.sleep(1_500);
            }
            assertThat(upload(c, packetId++, after.token(AceClientKeys.aif("b"), 3600))).isZero();
            assertThat(upload(c, packetId, before.token(AceClientKeys.aif("c"), 3600))).isEqualTo(0x87);
        }
    }

    private static int upload(RawMqttClient c, int packetId, byte[] token) throws IOException {
        c.send(MqttBytes.publish(5, "authz-info", 1, packetId, token));
        return c.read(WAIT).reasonCode();
    }

    /** server.pem / server.key become links through {@code ..data} into a versioned folder, as in a Secret volume. */
    private static void kubernetesLayout(Path pkiDir, String version, TestPki pki) throws IOException {
        Path versioned = Files.createDirectories(pkiDir.resolve(version));
        Files.copy(pki.serverCertificate(), versioned.resolve("server.pem"));
        Files.copy(pki.serverPrivateKey(), versioned.resolve("server.key"));
        Files.createSymbolicLink(pkiDir.resolve("..data"), Path.of(version));
        for (String name : new String[] {"server.pem", "server.key"}) {
            Files.delete(pkiDir.resolve(name));
            Files.createSymbolicLink(pkiDir.resolve(name), Path.of("..data").resolve(name));
        }
    }

    private static void swap(Path pkiDir, String version, String certificate, String key) throws IOException {
        Path versioned = Files.createDirectories(pkiDir.resolve(version));
        Files.writeString(versioned.resolve("server.pem"), certificate);
        Files.writeString(versioned.resolve("server.key"), key);
        Path next = pkiDir.resolve("..data_tmp");
        Files.createSymbolicLink(next, Path.of(version));
        Files.move(next, pkiDir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void awaitHandshake(ProxyFixture proxy, TestPki trusted) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), trusted)) {
                assertThat(c.connect(MqttBytes.connect(5, HiveClients.id("rotated"))).reasonCode()).isZero();
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > until) {
                    throw notYet;
                }
                Thread.sleep(200);
            }
        }
    }
}

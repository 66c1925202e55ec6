package org.acemqtt.proxy.it;

import static org.acemqtt.proxy.testsupport.MqttBytes.PUBLISH;
import static org.acemqtt.proxy.testsupport.MqttBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.acemqtt.proxy.testsupport.Closer;
import org.acemqtt.proxy.testsupport.AceClientKeys;
import org.acemqtt.proxy.testsupport.HiveClients;
import org.acemqtt.proxy.testsupport.MosquittoBroker;
import org.acemqtt.proxy.testsupport.MqttBytes;
import org.acemqtt.proxy.testsupport.MqttBytes.Props;
import org.acemqtt.proxy.testsupport.NettyLeakGuard;
import org.acemqtt.proxy.testsupport.ProxyFixture;
import org.acemqtt.proxy.testsupport.RawMqttClient;
import org.acemqtt.proxy.testsupport.RawMqttClient.Packet;
import org.acemqtt.proxy.testsupport.TestClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code upstream.clientIdPolicy: bind-to-key} (issue 5): the Client Identifier is not authenticated (RFC 9431
 * §2.2.4.1), so the proxy binds the broker-side identifier to the holder's PoP key. A holder of another key using the
 * same identifier neither resumes nor takes over the first holder's session, nor receives its queued messages; the same
 * holder resumes it. With {@code limits.maxSessionExpirySeconds} the interval is capped and the CONNACK says so.
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(60)
class SessionIsolationIT {
    static final Duration WAIT = Duration.ofSeconds(5);
    static final AceClientKeys ALICE = new AceClientKeys();
    static final AceClientKeys MALLORY = ALICE.anotherClient();
    static MosquittoBroker broker;
    static ProxyFixture proxy;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        broker = MosquittoBroker.start(dir.resolve("broker"));
        proxy = ProxyFixture.builder(dir.resolve("proxy"), broker.port()).anonymousScope(null)
                .issuer(TestClaims.ISSUER, ALICE.asJwks()).clientIdPolicy("bind-to-key")
                .limit("maxSessionExpirySeconds", 600).start();
    }

    @AfterAll
    static void stop() throws Exception {
        Closer.closeAll(proxy, broker);
    }

    /** CONNECT with an exporter proof, Clean Start as given, Session Expiry Interval 3600. */
    private static Packet connect(RawMqttClient c, AceClientKeys keys, String clientId, boolean cleanStart) throws Exception {
        byte[] proof = keys.sign(c.exporter(true));
        byte[] data = AceClientKeys.authenticationData(keys.token(AceClientKeys.aif("shared/#"), 3600), proof);
        return c.connect(MqttBytes.connect(5, clientId, cleanStart, new Props().string(0x15, "ace").binary(0x16, data)
                .fourBytes(0x11, 3600), null, null, null));
    }

    @Test
    void anotherKeysHolderWithTheSameClientIdGetsAFreshSessionAndNoneOfTheQueuedMessages() throws Exception {
        String id = HiveClients.id("shared-id");
        try (RawMqttClient alice = RawMqttClient.tlsWithExporter(proxy.tlsPort(), proxy.pki(), "TLSv1.3")) {
            Packet connack = connect(alice, ALICE, id, true);
            assertThat(connack.reasonCode()).isZero();
            assertThat(connack.connackProperties()).containsEntry(0x11, 600L);
            alice.send(MqttBytes.subscribe(5, 1, 1, "shared/#"));
            alice.read(WAIT);
        }
        try (RawMqttClient publisher = RawMqttClient.tlsWithExporter(proxy.tlsPort(), proxy.pki(), "TLSv1.3")) {
            connect(publisher, MALLORY, HiveClients.id("publisher"), true);
            publisher.send(MqttBytes.publish(5, "shared/alice", 1, 1, utf8("for alice only")));
            publisher.read(WAIT);
        }
        try (RawMqttClient mallory = RawMqttClient.tlsWithExporter(proxy.tlsPort(), proxy.pki(), "TLSv1.3")) {
            Packet connack = connect(mallory, MALLORY, id, false);
            assertThat(connack.reasonCode()).isZero();
            assertThat(connack.sessionPresent()).isFalse();
            assertThatThrownBy(() -> mallory.read(Duration.ofSeconds(1))).hasMessageContaining("no packet within");
        }
        try (RawMqttClient alice = RawMqttClient.tlsWithExporter(proxy.tlsPort(), proxy.pki(), "TLSv1.3")) {
            Packet connack = connect(alice, ALICE, id, false);
            assertThat(connack.sessionPresent()).isTrue();
            Packet queued = alice.read(WAIT);
            assertThat(queued.type()).isEqualTo(PUBLISH);
            assertThat(queued.topic()).isEqualTo("shared/alice");
        }
    }

    @Test
    void holdersOfDifferentKeysDoNotTakeOverEachOther() throws Exception {
        String id = HiveClients.id("both");
        try (RawMqttClient alice = RawMqttClient.tlsWithExporter(proxy.tlsPort(), proxy.pki(), "TLSv1.3");
             RawMqttClient mallory = RawMqttClient.tlsWithExporter(proxy.tlsPort(), proxy.pki(), "TLSv1.3")) {
            assertThat(connect(alice, ALICE, id, true).reasonCode()).isZero();
            assertThat(connect(mallory, MALLORY, id, true).reasonCode()).isZero();
            alice.send(MqttBytes.pingreq());
            assertThat(alice.read(WAIT).type()).isEqualTo(MqttBytes.PINGRESP);
        }
    }
}

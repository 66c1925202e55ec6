package org.acemqtt.proxy.it;

import static org.acemqtt.proxy.testsupport.MqttBytes.AUTH;
import static org.acemqtt.proxy.testsupport.MqttBytes.CONNACK;
import static org.acemqtt.proxy.testsupport.MqttBytes.DISCONNECT;
import static org.acemqtt.proxy.testsupport.MqttBytes.PUBACK;
import static org.acemqtt.proxy.testsupport.MqttBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import org.acemqtt.proxy.testsupport.Closer;
import org.acemqtt.proxy.testsupport.AceClientKeys;
import org.acemqtt.proxy.testsupport.AceEnhancedAuth;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 9431 §2.2.4 and §6 end to end: a client proves possession of its token's key over TLS to the proxy in front of a
 * real Mosquitto, by the TLS-exporter proof (BouncyCastle JSSE computes the client's exporter), by challenge/response,
 * and with v3.1.1 credentials; and every refusal on the way.
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(60)
class AceAuthenticationIT {
    static final Duration WAIT = Duration.ofSeconds(5);
    static final AceClientKeys KEYS = new AceClientKeys();
    static MosquittoBroker broker;
    static ProxyFixture proxy;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        broker = MosquittoBroker.start(dir.resolve("broker"));
        proxy = ProxyFixture.builder(dir.resolve("proxy"), broker.port()).anonymousScope(null)
                .issuer(TestClaims.ISSUER, KEYS.asJwks())
                .asHint("{\"AS\": \"https://as.example.com/token\"}").start();
    }

    @AfterAll
    static void stop() throws Exception {
        Closer.closeAll(proxy, broker);
    }

    private static byte[] connectAce(String clientId, byte[] authData) {
        Props props = new Props().string(0x15, "ace");
        if (authData != null) {
            props.binary(0x16, authData);
        }
        return MqttBytes.connect(5, clientId, true, props, null, null, null);
    }

    private static RawMqttClient exporterClient(String protocol) throws Exception {
        return RawMqttClient.tlsWithExporter(proxy.tlsPort(), proxy.pki(), protocol);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void exporterProofConnectsAndTheTokensScopeIsEnforced(String protocol) throws Exception {
        try (RawMqttClient c = exporterClient(protocol)) {
            byte[] proof = KEYS.sign(c.exporter(true));
            Packet connack = c.connect(connectAce(HiveClients.id("exporter"), AceClientKeys.authenticationData(
                    KEYS.token(AceClientKeys.aif("topic1"), 3600), proof)));
            assertThat(connack.type()).isEqualTo(CONNACK);
            assertThat(connack.reasonCode()).isZero();
            assertThat(connack.connackProperties()).containsEntry(0x15, "ace");
            c.send(MqttBytes.publish(5, "topic1", 1, 1, utf8("in scope")));
            assertThat(c.read(WAIT).reasonCode()).isLessThan(0x80); // 0x10 No matching subscribers is a success
            c.send(MqttBytes.publish(5, "topic2", 1, 2, utf8("outside")));
            Packet denied = c.read(WAIT);
            assertThat(denied.type()).isEqualTo(PUBACK);
            assertThat(denied.reasonCode()).isEqualTo(0x87);
        }
    }

    @Test
    void tls12ExporterProofOverTheNoContextValueIsAcceptedToo() throws Exception {
        // RFC 5705: OpenSSL and gnutls compute "no context"; the RFC says "empty context". Both are accepted.
        try (RawMqttClient c = exporterClient("TLSv1.2")) {
            byte[] proof = KEYS.sign(c.exporter(false));
            assertThat(c.connect(connectAce(HiveClients.id("noctx"), AceClientKeys.authenticationData(
                    KEYS.token(AceClientKeys.aif("topic1"), 3600), proof))).reasonCode()).isZero();
        }
    }

    @Test
    void anExporterProofFromAnotherSessionIsRefused() throws Exception {
        byte[] otherSessionsProof;
        try (RawMqttClient other = exporterClient("TLSv1.3")) {
            otherSessionsProof = KEYS.sign(other.exporter(true));
        }
        try (RawMqttClient c = exporterClient("TLSv1.3")) {
            Packet connack = c.connect(connectAce(HiveClients.id("replay"), AceClientKeys.authenticationData(
                    KEYS.token(AceClientKeys.aif("topic1"), 3600), otherSessionsProof)));
            assertThat(connack.reasonCode()).isEqualTo(0x87);
            assertThat(c.readUntilClosed(WAIT)).isEmpty();
        }
    }

    @Test
    void aFlippedBitInTheProofIsRefused() throws Exception {
        try (RawMqttClient c = exporterClient("TLSv1.3")) {
            byte[] proof = KEYS.sign(c.exporter(true));
            proof[10] ^= 0x01;
            assertThat(c.connect(connectAce(HiveClients.id("flip"), AceClientKeys.authenticationData(
                    KEYS.token(AceClientKeys.aif("topic1"), 3600), proof))).reasonCode()).isEqualTo(0x87);
        }
    }

    @Test
    void expiredAndForeignTokensAreRefusedWithTheAsHint() throws Exception {
        for (byte[] token : new byte[][] {KEYS.token(AceClientKeys.aif("topic1"), -60), AceClientKeys.foreignToken(AceClientKeys.aif("topic1"))}) {
            try (RawMqttClient c = exporterClient("TLSv1.3")) {
                byte[] proof = KEYS.sign(c.exporter(true));
                Packet connack = c.connect(connectAce(HiveClients.id("bad-token"), AceClientKeys.authenticationData(token, proof)));
                assertThat(connack.reasonCode()).isEqualTo(0x87);
                assertThat(connack.connackProperties()).containsKey(0x26);
            }
        }
    }

    @Test
    void malformedAuthenticationDataIsRefused() throws Exception {
        try (RawMqttClient c = exporterClient("TLSv1.3")) {
            assertThat(c.connect(connectAce(HiveClients.id("malformed"), new byte[] {0x7F, 0x00, 1, 2}))
                    .reasonCode()).isEqualTo(0x87);
        }
    }

    @Test
    void challengeResponseConnects() throws Exception {
        try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            Packet challenge = c.connect(connectAce(HiveClients.id("challenge"),
                    AceClientKeys.authenticationData(KEYS.token(AceClientKeys.aif("topic1"), 3600), null)));
            assertThat(challenge.type()).isEqualTo(AUTH);
            assertThat(challenge.reasonCode()).isEqualTo(0x18);
            assertThat(challenge.reasonProperties()).containsEntry(0x15, "ace");
            byte[] rsNonce = (byte[]) challenge.reasonProperties().get(0x16);
            assertThat(rsNonce).hasSize(8);
            c.send(MqttBytes.auth(0x18, new Props().string(0x15, "ace").binary(0x16, answer(rsNonce))));
            Packet connack = c.read(WAIT);
            assertThat(connack.type()).isEqualTo(CONNACK);
            assertThat(connack.reasonCode()).isZero();
            c.send(MqttBytes.publish(5, "topic1", 1, 1, utf8("x")));
            assertThat(c.read(WAIT).reasonCode()).isLessThan(0x80);
        }
    }

    /** RFC 9431 Figure 7: client nonce, then the signature over RS nonce || client nonce. */
    private static byte[] answer(byte[] rsNonce) {
        byte[] clientNonce = {9, 8, 7, 6, 5, 4, 3, 2};
        byte[] signed = new byte[16];
        System.arraycopy(rsNonce, 0, signed, 0, 8);
        System.arraycopy(clientNonce, 0, signed, 8, 8);
        byte[] signature = KEYS.sign(signed);
        byte[] data = Arrays.copyOf(clientNonce, 8 + signature.length);
        System.arraycopy(signature, 0, data, 8, signature.length);
        return data;
    }

    @Test
    void aWrongChallengeAnswerGetsConnackNotAuthorized() throws Exception {
        try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            Packet challenge = c.connect(connectAce(HiveClients.id("wrong-answer"),
                    AceClientKeys.authenticationData(KEYS.token(AceClientKeys.aif("topic1"), 3600), null)));
            byte[] wrongNonce = ((byte[]) challenge.reasonProperties().get(0x16)).clone();
            wrongNonce[0] ^= 1;
            c.send(MqttBytes.auth(0x18, new Props().string(0x15, "ace").binary(0x16, answer(wrongNonce))));
            List<Packet> rest = c.readUntilClosed(WAIT);
            assertThat(rest).hasSize(1);
            assertThat(rest.get(0).type()).isEqualTo(CONNACK);
            assertThat(rest.get(0).reasonCode()).isEqualTo(0x87);
        }
    }

    @Test
    void anythingButAuthDuringTheChallengeGetsConnackNotAuthorizedAndIsNotProcessed() throws Exception {
        try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            c.connect(connectAce(HiveClients.id("impatient"),
                    AceClientKeys.authenticationData(KEYS.token(AceClientKeys.aif("topic1"), 3600), null)));
            c.send(MqttBytes.publish(5, "topic1", 0, 0, utf8("too early")));
            List<Packet> rest = c.readUntilClosed(WAIT);
            assertThat(rest).extracting(Packet::type).containsExactly(CONNACK);
            assertThat(rest.get(0).reasonCode()).isEqualTo(0x87);
        }
    }

    @Test
    void v311CredentialsWithTheExporterProofConnect() throws Exception {
        byte[] token = KEYS.token(AceClientKeys.aif("topic1"), 3600);
        String userName = "ace" + Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        try (RawMqttClient c = exporterClient("TLSv1.3")) {
            byte[] proof = KEYS.sign(c.exporter(true));
            assertThat(c.connect(MqttBytes.connect(4, HiveClients.id("v311"), true, null, null, userName, proof))
                    .reasonCode()).isZero();
            c.send(MqttBytes.publish(4, "topic1", 1, 1, utf8("x")));
            assertThat(c.read(WAIT).type()).isEqualTo(PUBACK);
        }
        try (RawMqttClient c = exporterClient("TLSv1.3")) {
            byte[] wrong = KEYS.sign(new byte[32]);
            assertThat(c.connect(MqttBytes.connect(4, HiveClients.id("v311-bad"), true, null, null, userName, wrong))
                    .reasonCode()).isEqualTo(0x05);
        }
    }

    @Test
    void reauthenticationSwapsTheScopeAtOnce() throws Exception {
        try (RawMqttClient c = exporterClient("TLSv1.3")) {
            byte[] proof = KEYS.sign(c.exporter(true));
            assertThat(c.connect(connectAce(HiveClients.id("reauth"), AceClientKeys.authenticationData(
                    KEYS.token(AceClientKeys.aif("topic1"), 3600), proof))).reasonCode()).isZero();
            c.send(MqttBytes.auth(0x19, new Props().string(0x15, "ace").binary(0x16,
                    AceClientKeys.authenticationData(KEYS.token(AceClientKeys.aif("topic2"), 3600), null))));
            Packet challenge = c.read(WAIT);
            assertThat(challenge.type()).isEqualTo(AUTH);
            assertThat(challenge.reasonCode()).isEqualTo(0x18);
            c.send(MqttBytes.auth(0x18, new Props().string(0x15, "ace")
                    .binary(0x16, answer((byte[]) challenge.reasonProperties().get(0x16)))));
            Packet success = c.read(WAIT);
            assertThat(success.type()).isEqualTo(AUTH);
            assertThat(success.reasonCode()).isZero();
            c.send(MqttBytes.publish(5, "topic2", 1, 1, utf8("new scope")));
            assertThat(c.read(WAIT).reasonCode()).isLessThan(0x80);
            c.send(MqttBytes.publish(5, "topic1", 1, 2, utf8("old scope")));
            assertThat(c.read(WAIT).reasonCode()).isEqualTo(0x87);
        }
    }

    @Test
    void aFailedReauthenticationGetsDisconnectNotAuthorized() throws Exception {
        try (RawMqttClient c = exporterClient("TLSv1.3")) {
            byte[] proof = KEYS.sign(c.exporter(true));
            c.connect(connectAce(HiveClients.id("reauth-bad"), AceClientKeys.authenticationData(
                    KEYS.token(AceClientKeys.aif("topic1"), 3600), proof)));
            c.send(MqttBytes.auth(0x19, new Props().string(0x15, "ace").binary(0x16,
                    AceClientKeys.authenticationData(AceClientKeys.foreignToken(AceClientKeys.aif("#")), null))));
            List<Packet> rest = c.readUntilClosed(WAIT);
            assertThat(rest).extracting(Packet::type).containsExactly(DISCONNECT);
            assertThat(rest.get(0).reasonCode()).isEqualTo(0x87);
        }
    }

    @Test
    void authWithoutTheAceMethodAtConnectIsAProtocolError() throws Exception {
        try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            assertThat(c.connect(MqttBytes.connect(5, HiveClients.id("no-method"))).reasonCode()).isZero();
            c.send(MqttBytes.auth(0x19, new Props().string(0x15, "ace")));
            List<Packet> rest = c.readUntilClosed(WAIT);
            assertThat(rest).extracting(Packet::type).containsExactly(DISCONNECT);
            assertThat(rest.get(0).reasonCode()).isEqualTo(0x82);
        }
    }

    @Test
    void aLiveConnectionGetsDisconnectNotAuthorizedWithinASecondOfItsTokensExpiry() throws Exception {
        try (RawMqttClient c = exporterClient("TLSv1.3")) {
            byte[] proof = KEYS.sign(c.exporter(true));
            // exp has one-second resolution: the token expires 2-3 s from now.
            long expiresAt = (System.currentTimeMillis() / 1000 + 3) * 1000;
            assertThat(c.connect(connectAce(HiveClients.id("expiring"), AceClientKeys.authenticationData(
                    KEYS.token(AceClientKeys.aif("topic1"), 3), proof))).reasonCode()).isZero();
            List<Packet> rest = c.readUntilClosed(Duration.ofSeconds(8));
            long closedAt = System.currentTimeMillis();
            assertThat(rest).extracting(Packet::type).containsExactly(DISCONNECT);
            assertThat(rest.get(0).reasonCode()).isEqualTo(0x87);
            assertThat(closedAt - expiresAt).isBetween(-500L, 1_000L);
            assertThat(proxy.metric("ace_proxy_disconnects_total", "reason=\"token_expired\"")).isPositive();
        }
    }

    @Test
    void theHiveMqClientsEnhancedAuthConnectsPublishesAndReauthenticates() throws Exception {
        AceEnhancedAuth auth = new AceEnhancedAuth(KEYS, KEYS.token(AceClientKeys.aif("topic1"), 3600));
        Mqtt5BlockingClient client = HiveClients.v5(proxy, HiveClients.id("hive-ace")).enhancedAuth(auth).buildBlocking();
        try (HiveClients.DirectSubscriber topic1 = new HiveClients.DirectSubscriber(broker, "topic1");
             HiveClients.DirectSubscriber topic2 = new HiveClients.DirectSubscriber(broker, "topic2")) {
            client.connect();
            assertThat(auth.lastOutcome.get()).isEqualTo("auth-success");
            client.publishWith().topic("topic1").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("via enhanced auth")).send();
            assertThat(topic1.untilTopic("topic1")).isNotEmpty();
            auth.nextToken(KEYS.token(AceClientKeys.aif("topic2"), 3600));
            client.toAsync().reauth().get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(auth.lastOutcome.get()).isEqualTo("reauth-success");
            client.publishWith().topic("topic2").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("after re-auth")).send();
            assertThat(topic2.untilTopic("topic2")).isNotEmpty();
        } finally {
            client.disconnect();
        }
    }

    @Test
    void theAnswerToAPreviousChallengeIsRefused() throws Exception {
        byte[] token = KEYS.token(AceClientKeys.aif("topic1"), 3600);
        byte[] oldAnswer;
        try (RawMqttClient first = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            Packet challenge = first.connect(connectAce(HiveClients.id("first"), AceClientKeys.authenticationData(token, null)));
            oldAnswer = answer((byte[]) challenge.reasonProperties().get(0x16));
        }
        try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            c.connect(connectAce(HiveClients.id("replayer"), AceClientKeys.authenticationData(token, null)));
            c.send(MqttBytes.auth(0x18, new Props().string(0x15, "ace").binary(0x16, oldAnswer)));
            List<Packet> rest = c.readUntilClosed(WAIT);
            assertThat(rest).extracting(Packet::type).containsExactly(CONNACK);
            assertThat(rest.get(0).reasonCode()).isEqualTo(0x87);
        }
    }

    @Test
    void aTokenLengthBeyondTheDataAndTruncatedDataAreRefused() throws Exception {
        byte[] token = KEYS.token(AceClientKeys.aif("topic1"), 3600);
        byte[] full = AceClientKeys.authenticationData(token, null);
        for (byte[] bad : new byte[][] {Arrays.copyOf(full, full.length - 1), Arrays.copyOf(full, 1)}) {
            try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
                assertThat(c.connect(connectAce(HiveClients.id("short"), bad)).reasonCode()).isEqualTo(0x87);
            }
        }
    }

    @Test
    void aSecondConnectionWithTheSameClientIdEndsTheFirstWithSessionTakenOver() throws Exception {
        String id = HiveClients.id("twice");
        try (RawMqttClient first = RawMqttClient.tls(proxy.tlsPort(), proxy.pki());
             RawMqttClient second = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            assertThat(first.connect(MqttBytes.connect(5, id)).reasonCode()).isZero();
            assertThat(second.connect(MqttBytes.connect(5, id)).reasonCode()).isZero();
            List<Packet> rest = first.readUntilClosed(WAIT);
            assertThat(rest).extracting(Packet::type).containsExactly(DISCONNECT);
            assertThat(rest.get(0).reasonCode()).isEqualTo(0x8E);
        }
    }

    @Test
    void aNewerTokenForTheSameKeyOnAuthzInfoSupersedesTheLiveGrant() throws Exception {
        AceClientKeys device = KEYS.anotherClient();
        try (RawMqttClient c = exporterClient("TLSv1.3");
             RawMqttClient uploader = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            byte[] proof = device.sign(c.exporter(true));
            assertThat(c.connect(connectAce(HiveClients.id("superseded"), AceClientKeys.authenticationData(
                    device.token(AceClientKeys.aif("topic1"), 3600), proof))).reasonCode()).isZero();
            assertThat(uploader.connect(MqttBytes.connect(5, HiveClients.id("uploader"))).reasonCode()).isZero();
            uploader.send(MqttBytes.publish(5, "authz-info", 1, 1, device.token(AceClientKeys.aif("topic2"), 3600)));
            assertThat(uploader.read(WAIT).reasonCode()).isZero();
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            int code;
            int packetId = 1;
            do {
                c.send(MqttBytes.publish(5, "topic2", 1, packetId++, utf8("new scope")));
                code = c.read(WAIT).reasonCode();
            } while (code >= 0x80 && System.nanoTime() < until);
            assertThat(code).isLessThan(0x80);
            c.send(MqttBytes.publish(5, "topic1", 1, packetId, utf8("old scope")));
            assertThat(c.read(WAIT).reasonCode()).isEqualTo(0x87);
        }
    }
}

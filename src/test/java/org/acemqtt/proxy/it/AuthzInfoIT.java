package org.acemqtt.proxy.it;

import static org.acemqtt.proxy.testsupport.MqttBytes.DISCONNECT;
import static org.acemqtt.proxy.testsupport.MqttBytes.PUBACK;
import static org.acemqtt.proxy.testsupport.MqttBytes.PUBCOMP;
import static org.acemqtt.proxy.testsupport.MqttBytes.PUBREC;
import static org.acemqtt.proxy.testsupport.MqttBytes.SUBACK;
import static org.acemqtt.proxy.testsupport.MqttBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
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
import org.acemqtt.proxy.testsupport.RawMqttClient.Packet;
import org.acemqtt.proxy.testsupport.TestClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 9431 §2.2.2 {@code authz-info} and the TLS-PSK connection it enables (§2.2.3.2): uploads are answered per R-15,
 * never reach the broker, nobody may subscribe; an uploaded token's symmetric key then works as the PSK of an
 * off-the-shelf client ({@code mosquitto_pub --psk-identity <kid>}), whose grant is the token's scope.
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(60)
class AuthzInfoIT {
    static final Duration WAIT = Duration.ofSeconds(5);
    static final AceClientKeys KEYS = new AceClientKeys();
    static MosquittoBroker broker;
    static ProxyFixture proxy;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        broker = MosquittoBroker.start(dir.resolve("broker"));
        proxy = ProxyFixture.builder(dir.resolve("proxy"), broker.port()).anonymousScope(null)
                .issuer(TestClaims.ISSUER, KEYS.asJwks()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        Closer.closeAll(proxy, broker);
    }

    private static RawMqttClient tokenless(int version) throws Exception {
        RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki());
        assertThat(c.connect(MqttBytes.connect(version, HiveClients.id("uploader"))).reasonCode()).isZero();
        return c;
    }

    @Test
    void aValidTokenIsAcknowledgedAndNeverForwardedToTheBroker() throws Exception {
        try (HiveClients.DirectSubscriber everything = new HiveClients.DirectSubscriber(broker, "#");
             RawMqttClient c = tokenless(5)) {
            c.send(MqttBytes.publish(5, "authz-info", 1, 1, KEYS.token(AceClientKeys.aif("topic1"), 3600)));
            Packet ack = c.read(WAIT);
            assertThat(ack.type()).isEqualTo(PUBACK);
            assertThat(ack.reasonCode()).isZero();
            assertThat(everything.poll(500)).isNull();
        }
    }

    @Test
    void somethingThatIsNotATokenGetsPayloadFormatInvalid() throws Exception {
        try (RawMqttClient c = tokenless(5)) {
            c.send(MqttBytes.publish(5, "authz-info", 1, 1, utf8("not a token")));
            assertThat(c.read(WAIT).reasonCode()).isEqualTo(0x99);
        }
    }

    @Test
    void aPayloadLargerThanAnyTokenIsPayloadFormatInvalid() throws Exception {
        try (RawMqttClient c = tokenless(5)) {
            c.send(MqttBytes.publish(5, "authz-info", 1, 1, new byte[20 * 1024]));
            assertThat(c.read(WAIT).reasonCode()).isEqualTo(0x99);
        }
    }

    @Test
    void anInvalidTokenGetsNotAuthorizedAtQos1AndQos2() throws Exception {
        try (RawMqttClient c = tokenless(5)) {
            c.send(MqttBytes.publish(5, "authz-info", 1, 1, AceClientKeys.foreignToken(AceClientKeys.aif("#"))));
            assertThat(c.read(WAIT).reasonCode()).isEqualTo(0x87);
            c.send(MqttBytes.publish(5, "authz-info", 2, 2, KEYS.token(AceClientKeys.aif("topic1"), -10)));
            Packet rec = c.read(WAIT);
            assertThat(rec.type()).isEqualTo(PUBREC);
            assertThat(rec.reasonCode()).isEqualTo(0x87);
        }
    }

    @Test
    void aQos2UploadIsCompletedByTheProxy() throws Exception {
        try (RawMqttClient c = tokenless(5)) {
            c.send(MqttBytes.publish(5, "authz-info", 2, 7, KEYS.token(AceClientKeys.aif("topic1"), 3600)));
            Packet rec = c.read(WAIT);
            assertThat(rec.type()).isEqualTo(PUBREC);
            assertThat(rec.reasonCode()).isZero();
            c.send(MqttBytes.ack(MqttBytes.PUBREL, 7));
            Packet comp = c.read(WAIT);
            assertThat(comp.type()).isEqualTo(PUBCOMP);
            assertThat(comp.packetId()).isEqualTo(7);
        }
    }

    @Test
    void atQos0OnlyFailuresAreReportedWithDisconnect() throws Exception {
        try (RawMqttClient c = tokenless(5)) {
            c.send(MqttBytes.publish(5, "authz-info", 0, 0, utf8("garbage")));
            List<Packet> rest = c.readUntilClosed(WAIT);
            assertThat(rest).extracting(Packet::type).containsExactly(DISCONNECT);
            assertThat(rest.get(0).reasonCode()).isEqualTo(0x99);
        }
        try (RawMqttClient c = tokenless(5)) {
            c.send(MqttBytes.publish(5, "authz-info", 0, 0, AceClientKeys.foreignToken(AceClientKeys.aif("#"))));
            List<Packet> rest = c.readUntilClosed(WAIT);
            assertThat(rest).extracting(Packet::type).containsExactly(DISCONNECT);
            assertThat(rest.get(0).reasonCode()).isEqualTo(0x87);
        }
    }

    @Test
    void nobodyMaySubscribeToAuthzInfoEvenThroughAWildcard() throws Exception {
        try (RawMqttClient c = tokenless(5)) {
            c.send(MqttBytes.subscribe(5, 3, 0, "authz-info", "#", "+"));
            Packet ack = c.read(WAIT);
            assertThat(ack.type()).isEqualTo(SUBACK);
            assertThat(ack.subackCodes(5)).containsExactly(0x87, 0x87, 0x87);
        }
    }

    @Test
    void uploadsAreRateLimitedPerConnection() throws Exception {
        try (RawMqttClient c = tokenless(5)) {
            int quotaExceeded = 0;
            for (int i = 1; i <= 15; i++) {
                c.send(MqttBytes.publish(5, "authz-info", 1, i, utf8("x")));
                if (c.read(WAIT).reasonCode() == 0x97) {
                    quotaExceeded++;
                }
            }
            assertThat(quotaExceeded).isEqualTo(5);
        }
    }

    @Test
    void anUploadedTokensKeyIsThePskOfMosquittoPubAndItsScopeApplies() throws Exception {
        byte[] psk = new byte[32];
        new java.security.SecureRandom().nextBytes(psk);
        String kid = HiveClients.id("psk");
        try (RawMqttClient c = tokenless(5)) {
            c.send(MqttBytes.publish(5, "authz-info", 1, 1,
                    KEYS.pskToken(AceClientKeys.aif("topic1"), psk, kid.getBytes(StandardCharsets.US_ASCII), 3600)));
            assertThat(c.read(WAIT).reasonCode()).isZero();
        }
        try (HiveClients.DirectSubscriber sub = new HiveClients.DirectSubscriber(broker, "topic1")) {
            ExternalProcess.Result ok = mosquittoPubWithPsk(kid, HexFormat.of().formatHex(psk), "topic1");
            assertThat(ok.exitCode()).as(ok.output()).isZero();
            assertThat(sub.untilTopic("topic1")).isNotEmpty();
        }
        ExternalProcess.Result outside = mosquittoPubWithPsk(kid, HexFormat.of().formatHex(psk), "topic2");
        // mosquitto_pub reports a refused QoS 1 publish but still exits 0.
        assertThat(outside.output()).contains("Not authorized");
        byte[] wrong = psk.clone();
        wrong[0] ^= 1;
        ExternalProcess.Result badKey = mosquittoPubWithPsk(kid, HexFormat.of().formatHex(wrong), "topic1");
        assertThat(badKey.exitCode()).as(badKey.output()).isNotZero();
    }

    private static ExternalProcess.Result mosquittoPubWithPsk(String identity, String hexKey, String topic) throws Exception {
        return mosquittoPubWithPsk(identity, hexKey, topic, "tlsv1.3");
    }

    private static ExternalProcess.Result mosquittoPubWithPsk(String identity, String hexKey, String topic, String tls)
            throws Exception {
        return ExternalProcess.run(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(proxy.tlsPort()),
                "--psk", hexKey, "--psk-identity", identity, "--tls-version", tls, "-t", topic, "-m", "over TLS-PSK",
                "-q", "1", "-V", "mqttv5", "-i", HiveClients.id("psk-pub")), null, 0, 20);
    }

    @Test
    void mosquittoSubAndPubWorkOverTls12PskToo() throws Exception {
        byte[] psk = new byte[32];
        new java.security.SecureRandom().nextBytes(psk);
        String kid = HiveClients.id("psk12");
        try (RawMqttClient c = tokenless(5)) {
            c.send(MqttBytes.publish(5, "authz-info", 1, 1,
                    KEYS.pskToken(AceClientKeys.aif("topic1"), psk, kid.getBytes(StandardCharsets.US_ASCII), 3600)));
            assertThat(c.read(WAIT).reasonCode()).isZero();
        }
        String hex = HexFormat.of().formatHex(psk);
        ExternalProcess.Result retained = ExternalProcess.run(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p",
                String.valueOf(proxy.tlsPort()), "--psk", hex, "--psk-identity", kid, "--tls-version", "tlsv1.2",
                "-t", "topic1", "-m", "retained over TLS 1.2 PSK", "-r", "-q", "1", "-V", "mqttv311"), null, 0, 20);
        assertThat(retained.exitCode()).as(retained.output()).isZero();
        ExternalProcess.Result sub = ExternalProcess.run(List.of("mosquitto_sub", "-h", "127.0.0.1", "-p",
                String.valueOf(proxy.tlsPort()), "--psk", hex, "--psk-identity", kid, "--tls-version", "tlsv1.2",
                "-t", "topic1", "-C", "1", "-W", "10", "-V", "mqttv311"), null, 0, 20);
        assertThat(sub.output()).contains("retained over TLS 1.2 PSK");
    }
}

package org.acemqtt.proxy.it;

import static org.acemqtt.proxy.testsupport.MqttBytes.DISCONNECT;
import static org.acemqtt.proxy.testsupport.MqttBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * RFC 9431 §5 with short-lived tokens against real Mosquitto: a retained message does not outlive its publisher's
 * token (R-76), and a Will authorized at CONNECT is still published when the connection ends at token expiry (R-77).
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(60)
class TokenLifecycleIT {
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

    private static Packet connect(RawMqttClient c, long tokenSeconds, String[] will) throws Exception {
        byte[] data = AceClientKeys.authenticationData(KEYS.token(AceClientKeys.aif("life/#"), tokenSeconds), KEYS.sign(c.exporter(true)));
        return c.connect(MqttBytes.connect(5, HiveClients.id("life"), true, new Props().string(0x15, "ace").binary(0x16, data),
                will, null, null));
    }

    @Test
    void aRetainedMessageIsGoneWhenItsPublishersTokenExpires() throws Exception {
        try (RawMqttClient c = RawMqttClient.tlsWithExporter(proxy.tlsPort(), proxy.pki(), "TLSv1.3")) {
            assertThat(connect(c, 3, null).reasonCode()).isZero();
            c.send(MqttBytes.publish(5, utf8("life/retained"), 1, 1, new Props(), utf8("short-lived"), true));
            assertThat(c.read(WAIT).reasonCode()).isLessThan(0x80);
        }
        try (HiveClients.DirectSubscriber now = new HiveClients.DirectSubscriber(broker, "life/retained")) {
            assertThat(now.untilTopic("life/retained")).isNotEmpty();
        }
        Thread.sleep(4_500);
        try (HiveClients.DirectSubscriber later = new HiveClients.DirectSubscriber(broker, "life/retained")) {
            Mqtt5Publish retained = later.poll(1_000);
            assertThat(retained).isNull();
        }
    }

    @Test
    void theWillIsPublishedWhenTheConnectionEndsAtTokenExpiry() throws Exception {
        try (HiveClients.DirectSubscriber wills = new HiveClients.DirectSubscriber(broker, "life/will");
             RawMqttClient c = RawMqttClient.tlsWithExporter(proxy.tlsPort(), proxy.pki(), "TLSv1.3")) {
            assertThat(connect(c, 3, new String[] {"life/will", "gone"}).reasonCode()).isZero();
            List<Packet> rest = c.readUntilClosed(Duration.ofSeconds(8));
            assertThat(rest).extracting(Packet::type).containsExactly(DISCONNECT);
            assertThat(rest.get(0).reasonCode()).isEqualTo(0x87);
            List<Mqtt5Publish> received = wills.untilTopic("life/will");
            assertThat(received).isNotEmpty();
            assertThat(new String(received.get(0).getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("gone");
        }
    }

    @Test
    void aV311PublishersRetainedMessageIsClearedWhenItsTokenExpires() throws Exception {
        try (RawMqttClient c = RawMqttClient.tlsWithExporter(proxy.tlsPort(), proxy.pki(), "TLSv1.3")) {
            String userName = "ace" + java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(KEYS.token(AceClientKeys.aif("life/#"), 3));
            assertThat(c.connect(MqttBytes.connect(4, HiveClients.id("v311-life"), true, null, null, userName,
                    KEYS.sign(c.exporter(true)))).reasonCode()).isZero();
            c.send(MqttBytes.publish(4, utf8("life/v311"), 1, 1, null, utf8("short-lived"), true));
            assertThat(c.read(WAIT).type()).isEqualTo(MqttBytes.PUBACK);
            try (HiveClients.DirectSubscriber now = new HiveClients.DirectSubscriber(broker, "life/v311")) {
                assertThat(now.untilTopic("life/v311")).isNotEmpty();
            }
            assertThat(c.readUntilClosed(Duration.ofSeconds(8))).isEmpty();
        }
        try (HiveClients.DirectSubscriber later = new HiveClients.DirectSubscriber(broker, "life/v311")) {
            assertThat(later.poll(1_000)).isNull();
        }
    }
}

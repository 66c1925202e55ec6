package org.acemqtt.proxy.it;

import static org.acemqtt.proxy.testsupport.MqttBytes.CONNACK;
import static org.acemqtt.proxy.testsupport.MqttBytes.DISCONNECT;
import static org.acemqtt.proxy.testsupport.MqttBytes.PINGRESP;
import static org.acemqtt.proxy.testsupport.MqttBytes.PUBACK;
import static org.acemqtt.proxy.testsupport.MqttBytes.PUBLISH;
import static org.acemqtt.proxy.testsupport.MqttBytes.PUBREC;
import static org.acemqtt.proxy.testsupport.MqttBytes.SUBACK;
import static org.acemqtt.proxy.testsupport.MqttBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.acemqtt.proxy.testsupport.HiveClients;
import org.acemqtt.proxy.testsupport.HiveClients.DirectSubscriber;
import org.acemqtt.proxy.testsupport.MosquittoBroker;
import org.acemqtt.proxy.testsupport.MqttBytes;
import org.acemqtt.proxy.testsupport.MqttBytes.Props;
import org.acemqtt.proxy.testsupport.NettyLeakGuard;
import org.acemqtt.proxy.testsupport.ProxyFixture;
import org.acemqtt.proxy.testsupport.RawMqttClient;
import org.acemqtt.proxy.testsupport.RawMqttClient.Packet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC 2.O / 2.M scope denials on the wire, with exact packets and reason codes (raw client over TLS), against a
 * real Mosquitto: what the client gets, and that nothing denied reaches the broker.
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScopeDenialIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    @TempDir
    static Path dir;
    static MosquittoBroker broker;
    static ProxyFixture proxy;
    static ProxyFixture noAnonymous;
    static DirectSubscriber everything;

    @BeforeAll
    static void start() throws Exception {
        broker = MosquittoBroker.start(dir.resolve("broker"));
        proxy = ProxyFixture.builder(dir.resolve("proxy"), broker.port()).start();
        noAnonymous = ProxyFixture.builder(dir.resolve("no-anonymous"), broker.port()).anonymousScope(null)
                .asHint("{\"AS\": \"https://as.example.com/token\", \"audience\": \"mqtts://localhost\"}").start();
        everything = new DirectSubscriber(broker, "#");
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {everything, noAnonymous, proxy, broker}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @BeforeEach
    void clear() {
        everything.clear();
    }

    private static RawMqttClient connected(int version) throws Exception {
        RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki());
        Packet connack = c.connect(MqttBytes.connect(version, HiveClients.id("raw")));
        assertThat(connack.type()).isEqualTo(CONNACK);
        assertThat(connack.reasonCode()).isZero();
        return c;
    }

    /** Publishes a marker on an allowed topic from a fresh client and returns what reached the broker until it. */
    private static List<Mqtt5Publish> brokerSawUntilMarker() throws Exception {
        Mqtt5BlockingClient marker = HiveClients.v5(proxy, HiveClients.id("marker")).buildBlocking();
        marker.connect();
        marker.publishWith().topic("topic2/marker").qos(MqttQos.AT_LEAST_ONCE).send();
        marker.disconnect();
        return everything.untilTopic("topic2/marker");
    }

    private static void assertNeverReachedBroker(String topic) throws Exception {
        assertThat(brokerSawUntilMarker()).extracting(p -> p.getTopic().toString()).doesNotContain(topic);
    }

    @Test
    void qos0PublishOutsideScopeGetsDisconnectNotAuthorized() throws Exception {
        try (RawMqttClient c = connected(5)) {
            c.send(MqttBytes.publish(5, "x/topic3", 0, 0, utf8("denied")));
            List<Packet> last = c.readUntilClosed(WAIT);
            assertThat(last).hasSize(1);
            assertThat(last.get(0).type()).isEqualTo(DISCONNECT);
            assertThat(last.get(0).reasonCode()).isEqualTo(0x87);
        }
        assertNeverReachedBroker("x/topic3");
    }

    @Test
    void qos1PublishOutsideScopeGetsPubackNotAuthorizedAndTheConnectionStays() throws Exception {
        try (RawMqttClient c = connected(5)) {
            c.send(MqttBytes.publish(5, "x/topic3", 1, 7, utf8("denied")));
            Packet ack = c.read(WAIT);
            assertThat(ack.type()).isEqualTo(PUBACK);
            assertThat(ack.packetId()).isEqualTo(7);
            assertThat(ack.reasonCode()).isEqualTo(0x87);
            c.send(MqttBytes.pingreq());
            assertThat(c.read(WAIT).type()).isEqualTo(PINGRESP);
        }
        assertNeverReachedBroker("x/topic3");
    }

    @Test
    void qos2PublishOutsideScopeGetsPubrecNotAuthorizedAndNeedsNoPubrel() throws Exception {
        try (RawMqttClient c = connected(5)) {
            c.send(MqttBytes.publish(5, "x/topic3", 2, 9, utf8("denied")));
            Packet rec = c.read(WAIT);
            assertThat(rec.type()).isEqualTo(PUBREC);
            assertThat(rec.packetId()).isEqualTo(9);
            assertThat(rec.reasonCode()).isEqualTo(0x87);
            c.send(MqttBytes.pingreq());
            assertThat(c.read(WAIT).type()).isEqualTo(PINGRESP);
        }
        assertNeverReachedBroker("x/topic3");
    }

    @Test
    void subscribeWithMixedFiltersForwardsTheAllowedOnesAndKeepsEveryCodeInItsPosition() throws Exception {
        try (RawMqttClient c = connected(5)) {
            c.send(MqttBytes.subscribe(5, 11, 1, "#", "topic1", "topic2/#", "x/topic3", "$SYS/topic3"));
            Packet ack = c.read(WAIT);
            assertThat(ack.type()).isEqualTo(SUBACK);
            assertThat(ack.packetId()).isEqualTo(11);
            assertThat(ack.subackCodes(5)).containsExactly(0x87, 0x01, 0x87, 0x01, 0x87);
            publishDirect("x/topic3", "one");
            publishDirect("topic1", "two");
            Packet first = c.read(WAIT);
            Packet second = c.read(WAIT);
            assertThat(List.of(first.type(), second.type())).containsOnly(PUBLISH);
            assertThat(List.of(first.topic(), second.topic())).containsExactly("x/topic3", "topic1");
        }
    }

    @Test
    void willOutsideScopeIsRefusedWithConnackNotAuthorized() throws Exception {
        try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            c.send(MqttBytes.connect(5, HiveClients.id("will"), true, new Props(), new String[] {"x/topic3", "bye"}, null, null));
            List<Packet> packets = c.readUntilClosed(WAIT);
            assertThat(packets).hasSize(1);
            assertThat(packets.get(0).type()).isEqualTo(CONNACK);
            assertThat(packets.get(0).reasonCode()).isEqualTo(0x87);
        }
    }

    @Test
    void v311WillOutsideScopeIsRefusedWithReturnCodeNotAuthorized() throws Exception {
        try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            c.send(MqttBytes.connect(4, HiveClients.id("will3"), true, new Props(), new String[] {"x/topic3", "bye"}, null, null));
            List<Packet> packets = c.readUntilClosed(WAIT);
            assertThat(packets).hasSize(1);
            assertThat(packets.get(0).reasonCode()).isEqualTo(0x05);
        }
    }

    @Test
    void v311DeniedPublishClosesTheConnectionWithoutAReply() throws Exception {
        try (RawMqttClient c = connected(4)) {
            c.send(MqttBytes.publish(4, "x/topic3", 1, 3, utf8("denied")));
            assertThat(c.readUntilClosed(WAIT)).isEmpty();
        }
        assertNeverReachedBroker("x/topic3");
    }

    @Test
    void v311DeniedSubscribeFilterGetsFailure0x80() throws Exception {
        try (RawMqttClient c = connected(4)) {
            c.send(MqttBytes.subscribe(4, 5, 1, "topic2/#", "+/topic3"));
            Packet ack = c.read(WAIT);
            assertThat(ack.type()).isEqualTo(SUBACK);
            assertThat(ack.subackCodes(4)).containsExactly(0x80, 0x01);
        }
    }

    @Test
    void aceMethodWithoutATokenGetsConnackNotAuthorizedWithAsHint() throws Exception {
        try (RawMqttClient c = RawMqttClient.tls(noAnonymous.tlsPort(), noAnonymous.pki())) {
            c.send(MqttBytes.connect(5, HiveClients.id("no-token"), true, new Props().string(0x15, "ace"), null, null, null));
            List<Packet> packets = c.readUntilClosed(WAIT);
            assertThat(packets).hasSize(1);
            assertThat(packets.get(0).reasonCode()).isEqualTo(0x87);
            assertThat(packets.get(0).hasUserProperty("ace_as_hint")).isTrue();
            assertThat(packets.get(0).hasUserProperty("https://as.example.com/token")).isTrue();
        }
    }

    @Test
    void clientWithoutCredentialsAndNoAnonymousScopeIsAcceptedButMayPublishNowhereElse() throws Exception {
        // RFC 9431 TLS:Anon,MQTT:None: such a client may only upload tokens to authz-info (CONTRACT.md).
        try (RawMqttClient c = RawMqttClient.tls(noAnonymous.tlsPort(), noAnonymous.pki())) {
            c.send(MqttBytes.connect(5, HiveClients.id("no-token")));
            assertThat(c.read(WAIT).reasonCode()).isZero();
            c.send(MqttBytes.publish(5, "topic1", 1, 3, utf8("x")));
            Packet ack = c.read(WAIT);
            assertThat(ack.type()).isEqualTo(PUBACK);
            assertThat(ack.reasonCode()).isEqualTo(0x87);
        }
    }

    @Test
    void v311ClientWithoutCredentialsAndNoAnonymousScopeIsClosedOnItsFirstPublish() throws Exception {
        try (RawMqttClient c = RawMqttClient.tls(noAnonymous.tlsPort(), noAnonymous.pki())) {
            c.send(MqttBytes.connect(4, HiveClients.id("no-token3")));
            assertThat(c.read(WAIT).reasonCode()).isZero();
            c.send(MqttBytes.publish(4, "topic1", 1, 3, utf8("x")));
            assertThat(c.readUntilClosed(WAIT)).isEmpty();
        }
    }

    @Test
    void authenticationMethodOtherThanAceGetsBadAuthenticationMethod() throws Exception {
        assertThat(refusal(5, new Props().string(0x15, "SCRAM-SHA-256"), null, null)).isEqualTo(0x8C);
    }

    @Test
    void aceMethodWithoutAuthenticationDataIsRefusedNotAuthorized() throws Exception {
        assertThat(refusal(5, new Props().string(0x15, "ace"), null, null)).isEqualTo(0x87);
    }

    @Test
    void credentialsThatAreNotAValidAceTokenAreRefusedAndNeverGrantPublicAccess() throws Exception {
        assertThat(refusal(5, new Props(), "user", utf8("secret"))).isEqualTo(0x87);
        assertThat(refusal(4, new Props(), "aceAAAA", utf8("mac"))).isEqualTo(0x05);
    }

    private static int refusal(int version, Props props, String user, byte[] password) throws Exception {
        try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            c.send(MqttBytes.connect(version, HiveClients.id("refused"), true, props, null, user, password));
            List<Packet> packets = c.readUntilClosed(WAIT);
            assertThat(packets).hasSize(1);
            assertThat(packets.get(0).type()).isEqualTo(CONNACK);
            return packets.get(0).reasonCode();
        }
    }

    @Test
    void queuedDeliveryOutsideTheScopeGetsDisconnectNotAuthorizedAndIsNeverSeen() throws Exception {
        String id = HiveClients.id("resumer");
        Mqtt5BlockingClient direct = HiveClients.direct(broker, id).buildBlocking();
        direct.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
        direct.subscribeWith().topicFilter("secret/#").qos(MqttQos.AT_LEAST_ONCE).send();
        direct.disconnect();
        for (int i = 0; i < 3; i++) {
            publishDirect("secret/a", "hidden " + i);
        }
        double before = proxy.metric("ace_proxy_denied_total", "packet=\"delivery\"");
        try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            c.send(MqttBytes.connect(5, id, false, new Props().fourBytes(0x11, 0), null, null, null));
            Packet connack = c.read(WAIT);
            assertThat(connack.reasonCode()).isZero();
            assertThat(connack.sessionPresent()).isTrue();
            List<Packet> rest = c.readUntilClosed(WAIT);
            assertThat(rest).extracting(Packet::type).doesNotContain(PUBLISH);
            assertThat(rest).hasSize(1);
            assertThat(rest.get(0).type()).isEqualTo(DISCONNECT);
            assertThat(rest.get(0).reasonCode()).isEqualTo(0x87);
        }
        assertThat(proxy.metric("ace_proxy_denied_total", "packet=\"delivery\"")).isGreaterThan(before);
    }

    @Test
    void deniedPublishIncreasesTheDeniedMetric() throws Exception {
        double before = proxy.metric("ace_proxy_denied_total", "packet=\"publish\"");
        try (RawMqttClient c = connected(5)) {
            c.send(MqttBytes.publish(5, "x/topic3", 1, 1, utf8("denied")));
            assertThat(c.read(WAIT).reasonCode()).isEqualTo(0x87);
        }
        assertThat(proxy.metric("ace_proxy_denied_total", "packet=\"publish\"", "reason=\"not_in_scope\""))
                .isEqualTo(before + 1);
    }

    private static void publishDirect(String topic, String payload) {
        Mqtt5BlockingClient publisher = HiveClients.direct(broker, HiveClients.id("pub")).buildBlocking();
        publisher.connect();
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(utf8(payload)).send();
        publisher.disconnect();
    }
}

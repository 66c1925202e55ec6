package org.acemqtt.proxy.it;

import static org.acemqtt.proxy.testsupport.MqttBytes.AUTH;
import static org.acemqtt.proxy.testsupport.MqttBytes.CONNACK;
import static org.acemqtt.proxy.testsupport.MqttBytes.DISCONNECT;
import static org.acemqtt.proxy.testsupport.MqttBytes.PINGRESP;
import static org.acemqtt.proxy.testsupport.MqttBytes.PUBACK;
import static org.acemqtt.proxy.testsupport.MqttBytes.PUBLISH;
import static org.acemqtt.proxy.testsupport.MqttBytes.PUBREC;
import static org.acemqtt.proxy.testsupport.MqttBytes.SUBACK;
import static org.acemqtt.proxy.testsupport.MqttBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.acemqtt.proxy.testsupport.AceClientKeys;
import org.acemqtt.proxy.testsupport.HiveClients;
import org.acemqtt.proxy.testsupport.HiveMqBroker;
import org.acemqtt.proxy.testsupport.MqttBytes;
import org.acemqtt.proxy.testsupport.MqttBytes.Props;
import org.acemqtt.proxy.testsupport.NettyLeakGuard;
import org.acemqtt.proxy.testsupport.ProxyFixture;
import org.acemqtt.proxy.testsupport.RawMqttClient;
import org.acemqtt.proxy.testsupport.RawMqttClient.Packet;
import org.acemqtt.proxy.testsupport.TestClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The proxy in front of HiveMQ CE instead of Mosquitto (issue 6: a second real upstream): a representative subset of
 * the Mosquitto suite (relay, scope denials, ACE proof of possession, re-authentication, upstream failure) plus the
 * places where HiveMQ's defaults differ from Mosquitto's (docs/brokers.md): Receive Maximum 10 and Topic Alias Maximum
 * 5 in its CONNACK, 1000 queued messages per offline session, Reason Strings in its DISCONNECT. One HiveMQ JVM for
 * the class (it takes seconds to start); the tests that stop it run last and start it again.
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HiveMqUpstreamIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final AceClientKeys KEYS = new AceClientKeys();
    /** The RFC 9431 example scope plus {@code rt/#} for the relay tests. */
    private static final String ANONYMOUS_SCOPE = "[[\"rt/#\",[\"pub\",\"sub\"]],[\"topic1\",[\"pub\",\"sub\"]],"
            + "[\"topic2/#\",[\"pub\"]],[\"+/topic3\",[\"sub\"]]]";
    @TempDir
    static Path dir;
    static HiveMqBroker hivemq;
    static ProxyFixture proxy;
    static DirectSubscriber everything;

    @BeforeAll
    static void start() throws Exception {
        hivemq = HiveMqBroker.start(dir.resolve("hivemq"));
        proxy = ProxyFixture.builder(dir.resolve("proxy"), hivemq.port()).anonymousScope(ANONYMOUS_SCOPE)
                .issuer(TestClaims.ISSUER, KEYS.asJwks()).start();
        everything = new DirectSubscriber("#");
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {everything, proxy, hivemq}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @BeforeEach
    void clear() {
        everything.clear();
    }

    // ---- relay ---------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "QoS {0}")
    @ValueSource(ints = {0, 1, 2})
    @Order(1)
    void publishAtEachQosArrivesAtASubscriberThroughTheProxy(int qos) throws Exception {
        String topic = topic("qos" + qos);
        Mqtt5BlockingClient sub = connectedV5("sub");
        Mqtt5BlockingClient pub = connectedV5("pub");
        try (Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.EXACTLY_ONCE).send();
            pub.publishWith().topic(topic).qos(MqttQos.fromCode(qos)).payload(utf8("qos " + qos)).send();
            Mqtt5Publish p = received.receive(10, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("nothing arrived"));
            assertThat(p.getTopic().toString()).isEqualTo(topic);
            assertThat(p.getQos().getCode()).isEqualTo(qos);
            assertThat(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("qos " + qos);
        } finally {
            sub.disconnect();
            pub.disconnect();
        }
    }

    @Test
    @Order(1)
    void connackCarriesHiveMqsReceiveMaximumButTheProxysTopicAliasMaximumAndPacketSize() throws Exception {
        try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            Packet connack = c.connect(MqttBytes.connect(5, HiveClients.id("limits")));
            assertThat(connack.reasonCode()).isZero();
            Map<Integer, Object> props = connack.connackProperties();
            // HiveMQ's server-receive-maximum default (Mosquitto here: 20) passes through: the client must honour it.
            assertThat(props).containsEntry(0x21, 10);
            // HiveMQ says 5; the proxy resolves aliases itself and advertises its own limits.topicAliasMaximum.
            assertThat(props).containsEntry(0x22, 64);
            assertThat(props).containsEntry(0x27, 4 * 1024 * 1024 + 1024L);
        }
    }

    @Test
    @Order(1)
    void anEmptyClientIdGetsTheIdentifierHiveMqAssigned() throws Exception {
        try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            Packet connack = c.connect(MqttBytes.connect(5, ""));
            assertThat(connack.reasonCode()).isZero();
            // Assigned Client Identifier: HiveMQ's "hmq_<cluster id>_..." (Mosquitto: "auto-<uuid>").
            assertThat((String) connack.connackProperties().get(0x12)).startsWith("hmq_");
            c.send(MqttBytes.pingreq());
            assertThat(c.read(WAIT).type()).isEqualTo(PINGRESP);
        }
    }

    @Test
    @Order(1)
    void retainedMessageIsDeliveredToALaterSubscriber() throws Exception {
        String topic = topic("retained");
        Mqtt5BlockingClient pub = connectedV5("pub");
        pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(utf8("kept")).send();
        Mqtt5BlockingClient sub = connectedV5("sub");
        try (Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5Publish p = received.receive(10, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("no retained message"));
            assertThat(p.isRetain()).isTrue();
            assertThat(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("kept");
        } finally {
            pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(new byte[0]).send();
            pub.disconnect();
            sub.disconnect();
        }
    }

    @Test
    @Order(1)
    void willIsPublishedWhenTheClientSocketDiesAndNotAfterANormalDisconnect() throws Exception {
        String willTopic = topic("will");
        RawMqttClient normal = RawMqttClient.tls(proxy.tlsPort(), proxy.pki());
        assertThat(normal.connect(MqttBytes.connect(5, HiveClients.id("polite"), true, new Props(),
                new String[] {willTopic, "polite"}, null, null)).reasonCode()).isZero();
        normal.send(MqttBytes.disconnect(5));
        normal.readUntilClosed(WAIT);
        normal.close();

        RawMqttClient crashing = RawMqttClient.tls(proxy.tlsPort(), proxy.pki());
        assertThat(crashing.connect(MqttBytes.connect(5, HiveClients.id("crash"), true, new Props(),
                new String[] {willTopic, "crashed"}, null, null)).reasonCode()).isZero();
        crashing.kill();
        List<Mqtt5Publish> seen = everything.untilTopic(willTopic);
        assertThat(seen).filteredOn(p -> p.getTopic().toString().equals(willTopic))
                .extracting(p -> new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).containsExactly("crashed");
    }

    @Test
    @Order(1)
    void sessionResumptionDeliversQueuedQos1MessagesAfterReconnect() throws Exception {
        String id = HiveClients.id("session");
        String topic = topic("session");
        Mqtt5BlockingClient first = HiveClients.v5(proxy, id).buildBlocking();
        first.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
        first.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        first.disconnect();

        Mqtt5BlockingClient publisher = direct("pub");
        for (int i = 0; i < 5; i++) {
            publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(utf8("queued " + i)).send();
        }
        publisher.disconnect();

        Mqtt5BlockingClient again = HiveClients.v5(proxy, id).buildBlocking();
        try (Mqtt5Publishes received = again.publishes(MqttGlobalPublishFilter.ALL)) {
            Mqtt5ConnAck connack = again.connectWith().cleanStart(false).sessionExpiryInterval(0).send();
            assertThat(connack.isSessionPresent()).isTrue();
            for (int i = 0; i < 5; i++) {
                Mqtt5Publish p = received.receive(10, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("queued message missing"));
                assertThat(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("queued " + i);
            }
        } finally {
            again.disconnect();
        }
    }

    @Test
    @Order(1)
    void anOfflineSessionKeepsOnlyHiveMqsThousandQueuedMessages() throws Exception {
        // HiveMQ's mqtt.queued-messages.max-queue-size defaults to 1000 with strategy "discard" (newest dropped);
        // the Mosquitto fixture queues 100000. The proxy cannot see or change that: it is documented, not hidden.
        String id = HiveClients.id("queue");
        String topic = topic("queue");
        Mqtt5BlockingClient first = HiveClients.v5(proxy, id).buildBlocking();
        first.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
        first.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        first.disconnect();

        Mqtt5AsyncClient publisher = MqttClient.builder().useMqttVersion5().identifier(HiveClients.id("bulk"))
                .serverHost("127.0.0.1").serverPort(hivemq.port()).buildAsync();
        publisher.connect().get(10, TimeUnit.SECONDS);
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (int i = 0; i < 1010; i++) {
            sent.add(publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(utf8(Integer.toString(i))).send());
        }
        CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
        publisher.disconnect().get(10, TimeUnit.SECONDS);

        BlockingQueue<Mqtt5Publish> received = new LinkedBlockingQueue<>();
        Mqtt5AsyncClient again = HiveClients.v5(proxy, id).buildAsync();
        again.publishes(MqttGlobalPublishFilter.ALL, received::add);
        again.connectWith().cleanStart(false).sessionExpiryInterval(0).send().get(10, TimeUnit.SECONDS);
        try {
            List<Integer> numbers = new ArrayList<>();
            Mqtt5Publish p;
            while ((p = received.poll(numbers.size() < 1000 ? 10_000 : 1_000, TimeUnit.MILLISECONDS)) != null) {
                numbers.add(Integer.parseInt(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)));
            }
            assertThat(numbers).hasSize(1000);
            assertThat(numbers.get(0)).isZero();
            assertThat(numbers.get(999)).isEqualTo(999);
        } finally {
            again.disconnect().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void topicAliasesAboveHiveMqsOwnMaximumAreResolvedByTheProxy() throws Exception {
        // HiveMQ itself would refuse alias 40 (its Topic Alias Maximum is 5): the proxy forwards full Topic Names.
        String a = topic("alias-a");
        String b = topic("alias-b");
        try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            assertThat(c.connect(MqttBytes.connect(5, HiveClients.id("alias"))).reasonCode()).isZero();
            c.send(MqttBytes.publish(5, utf8(a), 1, 1, new Props().twoBytes(0x23, 1), utf8("1"), false),
                    MqttBytes.publish(5, new byte[0], 1, 2, new Props().twoBytes(0x23, 1), utf8("2"), false),
                    MqttBytes.publish(5, utf8(b), 1, 3, new Props().twoBytes(0x23, 40), utf8("3"), false),
                    MqttBytes.publish(5, new byte[0], 1, 4, new Props().twoBytes(0x23, 40), utf8("4"), false),
                    MqttBytes.publish(5, new byte[0], 1, 5, new Props().twoBytes(0x23, 1), utf8("5"), false));
            for (int i = 1; i <= 5; i++) {
                Packet ack = c.read(WAIT);
                assertThat(ack.type()).isEqualTo(PUBACK);
                assertThat(ack.reasonCode()).isLessThan(0x80);
            }
            List<String> seen = new ArrayList<>();
            for (Mqtt5Publish p : everything.untilTopicCount("rt/alias-", 5)) {
                seen.add(p.getTopic() + "=" + new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8));
            }
            assertThat(seen).containsExactly(a + "=1", a + "=2", b + "=3", b + "=4", a + "=5");
        }
    }

    @Test
    @Order(1)
    void aMessageAboveTheSubscribersMaximumPacketSizeIsNeverSent() throws Exception {
        // The proxy passes min(client, proxy) upstream as Maximum Packet Size; HiveMQ drops what does not fit
        // ([MQTT-3.1.2-25]) and the subscriber only sees the next, small message.
        String topic = topic("max-packet");
        try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            assertThat(c.connect(MqttBytes.connect(5, HiveClients.id("small"), true, new Props().fourBytes(0x27, 512),
                    null, null, null)).reasonCode()).isZero();
            c.send(MqttBytes.subscribe(5, 1, 1, topic));
            assertThat(c.read(WAIT).type()).isEqualTo(SUBACK);
            Mqtt5BlockingClient pub = direct("big");
            pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(new byte[2048]).send();
            pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(utf8("small")).send();
            pub.disconnect();
            Packet p = readPublishAndAck(c);
            assertThat(new String(p.payload(5), StandardCharsets.UTF_8)).isEqualTo("small");
        }
    }

    @Test
    @Order(1)
    void aSecondConnectionWithTheSameClientIdEndsTheFirstWithSessionTakenOver() throws Exception {
        String id = HiveClients.id("twice");
        try (RawMqttClient first = RawMqttClient.tls(proxy.tlsPort(), proxy.pki());
             RawMqttClient second = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            assertThat(first.connect(MqttBytes.connect(5, id)).reasonCode()).isZero();
            assertThat(second.connect(MqttBytes.connect(5, id)).reasonCode()).isZero();
            List<Packet> rest = first.readUntilClosed(WAIT);
            assertThat(rest).extracting(Packet::type).containsExactly(DISCONNECT);
            assertThat(rest.get(0).reasonCode()).isEqualTo(0x8E);
            second.send(MqttBytes.pingreq());
            assertThat(second.read(WAIT).type()).isEqualTo(PINGRESP);
        }
    }

    @Test
    @Order(1)
    void aClientSubscriptionIdentifierIsRefusedByTheProxyWhateverTheBroker() throws Exception {
        // [MQTT-3.3.4-6]: a client's PUBLISH must not carry a Subscription Identifier. HiveMQ disconnects such a client
        // and Mosquitto 2.0.11 accepts it; the proxy refuses it itself so both brokers look alike (docs/brokers.md).
        try (RawMqttClient c = connectedRaw()) {
            c.send(MqttBytes.publish(5, utf8(topic("sub-id")), 1, 1, new Props().byteValue(0x0B, 7), utf8("x"), false));
            List<Packet> last = c.readUntilClosed(WAIT);
            assertThat(last).extracting(Packet::type).containsExactly(DISCONNECT);
            assertThat(last.get(0).reasonCode()).isEqualTo(0x82);
            assertThat(last.get(0).reasonProperties()).doesNotContainKey(0x1F);
        }
        assertNeverReachedBroker(topic("sub-id"));
    }

    // ---- scope denials ---------------------------------------------------------------------------------------

    @Test
    @Order(2)
    void qos0PublishOutsideScopeGetsDisconnectNotAuthorizedAndNeverReachesHiveMq() throws Exception {
        try (RawMqttClient c = connectedRaw()) {
            c.send(MqttBytes.publish(5, "x/topic3", 0, 0, utf8("denied")));
            List<Packet> last = c.readUntilClosed(WAIT);
            assertThat(last).extracting(Packet::type).containsExactly(DISCONNECT);
            assertThat(last.get(0).reasonCode()).isEqualTo(0x87);
        }
        assertNeverReachedBroker("x/topic3");
    }

    @Test
    @Order(2)
    void qos1PublishOutsideScopeGetsPubackNotAuthorizedAndTheConnectionStays() throws Exception {
        try (RawMqttClient c = connectedRaw()) {
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
    @Order(2)
    void qos2PublishOutsideScopeGetsPubrecNotAuthorizedAndNeedsNoPubrel() throws Exception {
        try (RawMqttClient c = connectedRaw()) {
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
    @Order(2)
    void subscribeWithMixedFiltersForwardsTheAllowedOnesAndKeepsEveryCodeInItsPosition() throws Exception {
        try (RawMqttClient c = connectedRaw()) {
            c.send(MqttBytes.subscribe(5, 11, 1, "#", "topic1", "topic2/#", "x/topic3", "$SYS/topic3"));
            Packet ack = c.read(WAIT);
            assertThat(ack.type()).isEqualTo(SUBACK);
            assertThat(ack.packetId()).isEqualTo(11);
            assertThat(ack.subackCodes(5)).containsExactly(0x87, 0x01, 0x87, 0x01, 0x87);
            Mqtt5BlockingClient pub = direct("pub");
            pub.publishWith().topic("x/topic3").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("one")).send();
            pub.publishWith().topic("topic1").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("two")).send();
            pub.disconnect();
            // Acknowledged one by one: HiveMQ may hold a further QoS 1 delivery until the previous one is (docs/brokers.md).
            Packet first = readPublishAndAck(c);
            Packet second = readPublishAndAck(c);
            assertThat(List.of(first.topic(), second.topic())).containsExactly("x/topic3", "topic1");
        }
    }

    @Test
    @Order(2)
    void willOutsideScopeIsRefusedWithConnackNotAuthorized() throws Exception {
        try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            c.send(MqttBytes.connect(5, HiveClients.id("will"), true, new Props(), new String[] {"x/topic3", "bye"}, null, null));
            List<Packet> packets = c.readUntilClosed(WAIT);
            assertThat(packets).extracting(Packet::type).containsExactly(CONNACK);
            assertThat(packets.get(0).reasonCode()).isEqualTo(0x87);
        }
        assertNeverReachedBroker("x/topic3");
    }

    @Test
    @Order(2)
    void willIsPublishedWhenTheProxyDisconnectsTheClientForAScopeViolation() throws Exception {
        String willTopic = topic("will-denied");
        try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            assertThat(c.connect(MqttBytes.connect(5, HiveClients.id("violator"), true, new Props(),
                    new String[] {willTopic, "violated"}, null, null)).reasonCode()).isZero();
            c.send(MqttBytes.publish(5, "outside/scope", 0, 0, utf8("x")));
            assertThat(c.readUntilClosed(WAIT)).extracting(Packet::type).containsExactly(DISCONNECT);
        }
        assertThat(everything.untilTopic(willTopic)).last()
                .extracting(p -> new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("violated");
    }

    @Test
    @Order(2)
    void queuedDeliveryOutsideTheScopeGetsDisconnectNotAuthorizedAndIsNeverSeen() throws Exception {
        String id = HiveClients.id("resumer");
        Mqtt5BlockingClient session = MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1")
                .serverPort(hivemq.port()).buildBlocking();
        session.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
        session.subscribeWith().topicFilter("secret/#").qos(MqttQos.AT_LEAST_ONCE).send();
        session.disconnect();
        Mqtt5BlockingClient pub = direct("secret-pub");
        for (int i = 0; i < 3; i++) {
            pub.publishWith().topic("secret/a").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("hidden " + i)).send();
        }
        pub.disconnect();
        double before = proxy.metric("ace_proxy_denied_total", "packet=\"delivery\"");
        try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            c.send(MqttBytes.connect(5, id, false, new Props().fourBytes(0x11, 0), null, null, null));
            Packet connack = c.read(WAIT);
            assertThat(connack.reasonCode()).isZero();
            assertThat(connack.sessionPresent()).isTrue();
            List<Packet> rest = c.readUntilClosed(WAIT);
            assertThat(rest).extracting(Packet::type).containsExactly(DISCONNECT);
            assertThat(rest.get(0).reasonCode()).isEqualTo(0x87);
        }
        assertThat(proxy.metric("ace_proxy_denied_total", "packet=\"delivery\"")).isGreaterThan(before);
    }

    // ---- ACE -------------------------------------------------------------------------------------------------

    @Test
    @Order(3)
    void exporterProofConnectsAndTheTokensScopeReplacesTheAnonymousOne() throws Exception {
        try (RawMqttClient c = RawMqttClient.tlsWithExporter(proxy.tlsPort(), proxy.pki(), "TLSv1.3")) {
            byte[] proof = KEYS.sign(c.exporter(true));
            Packet connack = c.connect(connectAce(HiveClients.id("exporter"), AceClientKeys.authenticationData(
                    KEYS.token(AceClientKeys.aif("ace/hive"), 3600), proof)));
            assertThat(connack.reasonCode()).isZero();
            assertThat(connack.connackProperties()).containsEntry(0x15, "ace");
            c.send(MqttBytes.publish(5, "ace/hive", 1, 1, utf8("in scope")));
            assertThat(c.read(WAIT).reasonCode()).isLessThan(0x80);
            c.send(MqttBytes.publish(5, "rt/anonymous-only", 1, 2, utf8("outside")));
            Packet denied = c.read(WAIT);
            assertThat(denied.type()).isEqualTo(PUBACK);
            assertThat(denied.reasonCode()).isEqualTo(0x87);
        }
        assertThat(everything.untilTopic("ace/hive")).last()
                .extracting(p -> new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("in scope");
        assertNeverReachedBroker("rt/anonymous-only");
    }

    @Test
    @Order(3)
    void reauthenticationSwapsTheScopeAtOnce() throws Exception {
        try (RawMqttClient c = RawMqttClient.tlsWithExporter(proxy.tlsPort(), proxy.pki(), "TLSv1.3")) {
            byte[] proof = KEYS.sign(c.exporter(true));
            assertThat(c.connect(connectAce(HiveClients.id("reauth"), AceClientKeys.authenticationData(
                    KEYS.token(AceClientKeys.aif("ace/one"), 3600), proof))).reasonCode()).isZero();
            c.send(MqttBytes.auth(0x19, new Props().string(0x15, "ace").binary(0x16,
                    AceClientKeys.authenticationData(KEYS.token(AceClientKeys.aif("ace/two"), 3600), null))));
            Packet challenge = c.read(WAIT);
            assertThat(challenge.type()).isEqualTo(AUTH);
            assertThat(challenge.reasonCode()).isEqualTo(0x18);
            c.send(MqttBytes.auth(0x18, new Props().string(0x15, "ace")
                    .binary(0x16, answer((byte[]) challenge.reasonProperties().get(0x16)))));
            Packet success = c.read(WAIT);
            assertThat(success.type()).isEqualTo(AUTH);
            assertThat(success.reasonCode()).isZero();
            c.send(MqttBytes.publish(5, "ace/two", 1, 1, utf8("new scope")));
            assertThat(c.read(WAIT).reasonCode()).isLessThan(0x80);
            c.send(MqttBytes.publish(5, "ace/one", 1, 2, utf8("old scope")));
            assertThat(c.read(WAIT).reasonCode()).isEqualTo(0x87);
        }
        assertThat(everything.untilTopic("ace/two")).isNotEmpty();
        assertNeverReachedBroker("ace/one");
    }

    // ---- upstream going away (last: they stop HiveMQ and start it again) -------------------------------------

    @Test
    @Order(10)
    void hiveMqStoppingMidSessionGivesTheV5ClientADisconnectAndReadinessFollowsTheBroker() throws Exception {
        assertThat(awaitReady(200)).isEqualTo(200);
        try (RawMqttClient v5 = connectedRaw();
             RawMqttClient v311 = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            assertThat(v311.connect(MqttBytes.connect(4, HiveClients.id("mid3"))).reasonCode()).isZero();
            everything.close();
            hivemq.stop();
            List<Packet> last = v5.readUntilClosed(WAIT);
            assertThat(last).extracting(Packet::type).containsExactly(DISCONNECT);
            // HiveMQ CE (like Mosquitto 2.0) closes its connections on SIGTERM without a DISCONNECT 0x8B: what the
            // client hears is the proxy's own 0x80 for a lost upstream, the same as with Mosquitto.
            assertThat(last.get(0).reasonCode()).isEqualTo(0x80);
            assertThat(v311.readUntilClosed(WAIT)).isEmpty();
        }
        assertThat(awaitReady(503)).isEqualTo(503);
        assertThat(proxy.admin("/health/live").status()).isEqualTo(200);
        hivemq.startAgain();
        assertThat(awaitReady(200)).isEqualTo(200);
        try (RawMqttClient back = connectedRaw()) {
            back.send(MqttBytes.publish(5, "rt/back", 1, 1, utf8("x")));
            assertThat(back.read(WAIT).reasonCode()).isLessThan(0x80);
        }
    }

    @Test
    @Order(11)
    void hiveMqKilledMidSessionGivesTheV5ClientTheSameDisconnect() throws Exception {
        try (RawMqttClient c = connectedRaw()) {
            everything.close();
            hivemq.kill();
            List<Packet> last = c.readUntilClosed(WAIT);
            assertThat(last).extracting(Packet::type).containsExactly(DISCONNECT);
            assertThat(last.get(0).reasonCode()).isEqualTo(0x80);
        }
        try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            c.send(MqttBytes.connect(5, HiveClients.id("down")));
            List<Packet> refused = c.readUntilClosed(WAIT);
            assertThat(refused).extracting(Packet::type).containsExactly(CONNACK);
            assertThat(refused.get(0).reasonCode()).isEqualTo(0x88);
        }
    }

    /** The stopping tests leave HiveMQ down when they fail half-way: start it again for whatever runs next. */
    @AfterEach
    void hiveMqBack() throws Exception {
        if (!hivemq.isRunning()) {
            hivemq.startAgain();
        }
        if (!everything.isConnected()) {
            everything = new DirectSubscriber("#");
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static String topic(String name) {
        return "rt/" + name + "/" + HiveClients.id("t");
    }

    private static Mqtt5BlockingClient connectedV5(String prefix) {
        Mqtt5BlockingClient c = HiveClients.v5(proxy, HiveClients.id(prefix)).buildBlocking();
        c.connect();
        return c;
    }

    /** A v5 client straight to HiveMQ (plain TCP, no proxy). */
    private static Mqtt5BlockingClient direct(String prefix) {
        Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier(HiveClients.id(prefix))
                .serverHost("127.0.0.1").serverPort(hivemq.port()).buildBlocking();
        c.connect();
        return c;
    }

    /** The next packet, which must be a QoS 1 PUBLISH, acknowledged at once. */
    private static Packet readPublishAndAck(RawMqttClient c) throws Exception {
        Packet p = c.read(WAIT);
        assertThat(p.type()).isEqualTo(PUBLISH);
        assertThat(p.qos()).isEqualTo(1);
        c.send(MqttBytes.ack(PUBACK, p.publishPacketId()));
        return p;
    }

    private static RawMqttClient connectedRaw() throws Exception {
        RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki());
        Packet connack = c.connect(MqttBytes.connect(5, HiveClients.id("raw")));
        assertThat(connack.type()).isEqualTo(CONNACK);
        assertThat(connack.reasonCode()).isZero();
        return c;
    }

    /** A marker published through the proxy on an allowed topic; what HiveMQ saw until it must not hold {@code topic}. */
    private static void assertNeverReachedBroker(String topic) throws Exception {
        String marker = "topic2/marker-" + HiveClients.id("m");
        Mqtt5BlockingClient c = HiveClients.v5(proxy, HiveClients.id("marker")).buildBlocking();
        c.connect();
        c.publishWith().topic(marker).qos(MqttQos.AT_LEAST_ONCE).send();
        c.disconnect();
        assertThat(everything.untilTopic(marker)).extracting(p -> p.getTopic().toString()).doesNotContain(topic);
    }

    private static byte[] connectAce(String clientId, byte[] authData) {
        return MqttBytes.connect(5, clientId, true, new Props().string(0x15, "ace").binary(0x16, authData), null, null, null);
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

    /** Polls /health/ready until it answers {@code wanted} (the probe runs every 2 s); returns the last status. */
    private static int awaitReady(int wanted) throws Exception {
        long until = System.currentTimeMillis() + 15_000;
        int status;
        do {
            status = proxy.admin("/health/ready").status();
            if (status == wanted) {
                return status;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < until);
        return status;
    }

    /** A subscriber straight on HiveMQ that collects everything published to {@code filter}. */
    static final class DirectSubscriber implements AutoCloseable {
        private final Mqtt5AsyncClient client;
        private final BlockingQueue<Mqtt5Publish> received = new LinkedBlockingQueue<>();

        DirectSubscriber(String filter) throws Exception {
            client = MqttClient.builder().useMqttVersion5().identifier(HiveClients.id("direct-sub"))
                    .serverHost("127.0.0.1").serverPort(hivemq.port()).buildAsync();
            client.connect().get(10, TimeUnit.SECONDS);
            client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).callback(received::add).send()
                    .get(10, TimeUnit.SECONDS);
        }

        void clear() {
            received.clear();
        }

        /** Messages until one on {@code topic} arrives (inclusive); fails after 10 s. */
        List<Mqtt5Publish> untilTopic(String topic) throws InterruptedException {
            List<Mqtt5Publish> seen = new ArrayList<>();
            long until = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < until) {
                Mqtt5Publish p = received.poll(200, TimeUnit.MILLISECONDS);
                if (p != null) {
                    seen.add(p);
                    if (p.getTopic().toString().equals(topic)) {
                        return seen;
                    }
                }
            }
            throw new AssertionError("no message on " + topic + " within 10 s; saw " + seen);
        }

        /** The first {@code count} messages whose topic starts with {@code prefix}; fails after 10 s. */
        List<Mqtt5Publish> untilTopicCount(String prefix, int count) throws InterruptedException {
            List<Mqtt5Publish> seen = new ArrayList<>();
            long until = System.currentTimeMillis() + 10_000;
            while (seen.size() < count && System.currentTimeMillis() < until) {
                Mqtt5Publish p = received.poll(200, TimeUnit.MILLISECONDS);
                if (p != null && p.getTopic().toString().startsWith(prefix)) {
                    seen.add(p);
                }
            }
            assertThat(seen).as("messages on " + prefix + "*").hasSize(count);
            return seen;
        }

        boolean isConnected() {
            return client.getState().isConnected();
        }

        @Override
        public void close() {
            if (isConnected()) {
                try {
                    client.disconnect().get(5, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // the broker went away first
                }
            }
        }
    }
}

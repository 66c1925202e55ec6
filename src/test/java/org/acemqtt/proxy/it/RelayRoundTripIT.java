package org.acemqtt.proxy.it;

import static org.acemqtt.proxy.testsupport.MqttBytes.CONNACK;
import static org.acemqtt.proxy.testsupport.MqttBytes.DISCONNECT;
import static org.acemqtt.proxy.testsupport.MqttBytes.PUBACK;
import static org.acemqtt.proxy.testsupport.MqttBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.acemqtt.proxy.testsupport.Closer;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Everything that must survive the trip through the proxy (issue 2): QoS 0/1/2, retained, Will, session resumption,
 * topic aliases, a 1 MiB payload, 10,000 ordered QoS 1 messages, v5 PUBLISH properties. Clients connect over TLS.
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RelayRoundTripIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    @TempDir
    static Path dir;
    static MosquittoBroker broker;
    static ProxyFixture proxy;

    @BeforeAll
    static void start() throws Exception {
        broker = MosquittoBroker.start(dir.resolve("broker"));
        proxy = ProxyFixture.builder(dir.resolve("proxy"), broker.port()).anonymousScope("[[\"rt/#\",[\"pub\",\"sub\"]]]").start();
    }

    @AfterAll
    static void stop() throws Exception {
        Closer.closeAll(proxy, broker);
    }

    private static Mqtt5BlockingClient connectedV5(String prefix) {
        Mqtt5BlockingClient c = HiveClients.v5(proxy, HiveClients.id(prefix)).buildBlocking();
        c.connect();
        return c;
    }

    private static String topic(String name) {
        return "rt/" + name + "/" + HiveClients.id("t");
    }

    @ParameterizedTest(name = "QoS {0}")
    @ValueSource(ints = {0, 1, 2})
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
    void willIsPublishedWhenTheClientSocketDiesAndNotAfterANormalDisconnect() throws Exception {
        String willTopic = topic("will");
        try (DirectSubscriber watcher = new DirectSubscriber(broker, willTopic)) {
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
            Mqtt5Publish will = watcher.poll(10_000);
            assertThat(will).as("Will after the socket died").isNotNull();
            assertThat(new String(will.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("crashed");
            assertThat(watcher.poll(300)).isNull();
        }
    }

    @Test
    void willIsPublishedWhenTheProxyDisconnectsTheClientForAScopeViolation() throws Exception {
        String willTopic = topic("will-denied");
        try (DirectSubscriber watcher = new DirectSubscriber(broker, willTopic);
             RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            assertThat(c.connect(MqttBytes.connect(5, HiveClients.id("violator"), true, new Props(),
                    new String[] {willTopic, "violated"}, null, null)).reasonCode()).isZero();
            c.send(MqttBytes.publish(5, "outside/scope", 0, 0, utf8("x")));
            List<Packet> last = c.readUntilClosed(WAIT);
            assertThat(last).extracting(Packet::type).containsExactly(DISCONNECT);
            Mqtt5Publish will = watcher.poll(10_000);
            assertThat(will).as("Will after a server-initiated disconnect (RFC 9431 section 5)").isNotNull();
            assertThat(new String(will.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("violated");
        }
    }

    @Test
    void v311HiveMqClientsExchangeMessagesThroughTheProxy() throws Exception {
        String topic = topic("v311");
        Mqtt3BlockingClient sub = HiveClients.v3(proxy, HiveClients.id("sub3")).buildBlocking();
        sub.connect();
        Mqtt3BlockingClient pub = HiveClients.v3(proxy, HiveClients.id("pub3")).buildBlocking();
        pub.connect();
        try (Mqtt3BlockingClient.Mqtt3Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.EXACTLY_ONCE).send();
            for (int qos = 0; qos <= 2; qos++) {
                pub.publishWith().topic(topic).qos(MqttQos.fromCode(qos)).payload(utf8("v3 qos " + qos)).send();
                Mqtt3Publish p = received.receive(10, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("nothing arrived"));
                assertThat(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("v3 qos " + qos);
                assertThat(p.getQos().getCode()).isEqualTo(qos);
            }
        } finally {
            sub.disconnect();
            pub.disconnect();
        }
    }

    @Test
    void sessionResumptionDeliversQueuedQos1MessagesAfterReconnect() throws Exception {
        String id = HiveClients.id("session");
        String topic = topic("session");
        Mqtt5BlockingClient first = HiveClients.v5(proxy, id).buildBlocking();
        first.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
        first.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        first.disconnect();

        Mqtt5BlockingClient publisher = HiveClients.direct(broker, HiveClients.id("pub")).buildBlocking();
        publisher.connect();
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
    void topicAliasesFromTheClientAreResolvedAndRebound() throws Exception {
        String a = topic("alias-a");
        String b = topic("alias-b");
        try (DirectSubscriber watcher = new DirectSubscriber(broker, "rt/#");
             RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            Packet connack = c.connect(MqttBytes.connect(5, HiveClients.id("alias")));
            assertThat(connack.connackProperties().get(0x22)).as("Topic Alias Maximum").isEqualTo(64);
            c.send(MqttBytes.publish(5, utf8(a), 1, 1, new Props().twoBytes(0x23, 1), utf8("1"), false),
                    MqttBytes.publish(5, new byte[0], 1, 2, new Props().twoBytes(0x23, 1), utf8("2"), false),
                    MqttBytes.publish(5, utf8(b), 1, 3, new Props().twoBytes(0x23, 1), utf8("3"), false),
                    MqttBytes.publish(5, new byte[0], 1, 4, new Props().twoBytes(0x23, 1), utf8("4"), false));
            for (int i = 1; i <= 4; i++) {
                Packet ack = c.read(WAIT);
                assertThat(ack.type()).isEqualTo(PUBACK);
                assertThat(ack.reasonCode()).isLessThan(0x80);
            }
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Mqtt5Publish p = watcher.poll(10_000);
                assertThat(p).isNotNull();
                seen.add(p.getTopic() + "=" + new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8));
            }
            assertThat(seen).containsExactly(a + "=1", a + "=2", b + "=3", b + "=4");
        }
    }

    @Test
    void hiveMqClientsWithTopicAliasesBothWaysExchangeMessages() throws Exception {
        String topic = topic("hive-alias");
        Mqtt5BlockingClient sub = HiveClients.v5(proxy, HiveClients.id("sub")).buildBlocking();
        sub.connectWith().restrictions().topicAliasMaximum(10).applyRestrictions().send();
        Mqtt5BlockingClient pub = HiveClients.v5(proxy, HiveClients.id("pub")).buildBlocking();
        pub.connectWith().restrictions().sendTopicAliasMaximum(10).applyRestrictions().send();
        try (Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            for (int i = 0; i < 5; i++) {
                pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(utf8("m" + i)).send();
            }
            for (int i = 0; i < 5; i++) {
                Mqtt5Publish p = received.receive(10, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("missing"));
                assertThat(p.getTopic().toString()).isEqualTo(topic);
                assertThat(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("m" + i);
            }
        } finally {
            sub.disconnect();
            pub.disconnect();
        }
    }

    @Test
    void topicAliasAboveTheMaximumGetsDisconnectTopicAliasInvalid() throws Exception {
        try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            assertThat(c.connect(MqttBytes.connect(5, HiveClients.id("alias-bad"))).type()).isEqualTo(CONNACK);
            c.send(MqttBytes.publish(5, utf8(topic("x")), 0, 0, new Props().twoBytes(0x23, 65), utf8("x"), false));
            List<Packet> last = c.readUntilClosed(WAIT);
            assertThat(last).hasSize(1);
            assertThat(last.get(0).type()).isEqualTo(DISCONNECT);
            assertThat(last.get(0).reasonCode()).isEqualTo(0x94);
        }
    }

    @Test
    void oneMebibytePayloadArrivesIntact() throws Exception {
        String topic = topic("large");
        byte[] payload = new byte[1024 * 1024];
        new Random(42).nextBytes(payload);
        Mqtt5BlockingClient sub = connectedV5("sub");
        Mqtt5BlockingClient pub = connectedV5("pub");
        try (Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
            Mqtt5Publish p = received.receive(20, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("nothing arrived"));
            assertThat(p.getPayloadAsBytes()).isEqualTo(payload);
        } finally {
            sub.disconnect();
            pub.disconnect();
        }
    }

    @Test
    void tenThousandQos1MessagesArriveAllAndInOrder() throws Exception {
        int count = 10_000;
        String topic = topic("bulk");
        BlockingQueue<Integer> received = new LinkedBlockingQueue<>();
        Mqtt5AsyncClient sub = HiveClients.v5(proxy, HiveClients.id("bulk-sub")).buildAsync();
        sub.connect().get(10, TimeUnit.SECONDS);
        sub.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> received.add(ByteBuffer.wrap(p.getPayloadAsBytes()).getInt())).send().get(10, TimeUnit.SECONDS);
        try (RawMqttClient pub = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            Packet connack = pub.connect(MqttBytes.connect(5, HiveClients.id("bulk-pub")));
            Object rm = connack.connackProperties().get(0x21);
            int window = rm == null ? 65_535 : (Integer) rm;
            int inFlight = 0;
            int acked = 0;
            for (int i = 0; i < count; i++) {
                if (inFlight == window) {
                    pub.flush();
                    assertThat(pub.read(WAIT).type()).isEqualTo(PUBACK);
                    inFlight--;
                    acked++;
                }
                pub.write(MqttBytes.publish(5, topic, 1, (i % 65_535) + 1, ByteBuffer.allocate(4).putInt(i).array()));
                inFlight++;
            }
            pub.flush();
            while (acked < count) {
                Packet ack = pub.read(WAIT);
                assertThat(ack.type()).isEqualTo(PUBACK);
                assertThat(ack.reasonCode()).isLessThan(0x80);
                acked++;
            }
            System.out.println("10k QoS 1: CONNACK Receive Maximum " + rm + ", window " + window);
        }
        List<Integer> order = new ArrayList<>(count);
        long until = System.currentTimeMillis() + 30_000;
        while (order.size() < count && System.currentTimeMillis() < until) {
            Integer n = received.poll(500, TimeUnit.MILLISECONDS);
            if (n != null) {
                order.add(n);
            }
        }
        sub.disconnect().get(5, TimeUnit.SECONDS);
        assertThat(order).hasSize(count);
        for (int i = 0; i < count; i++) {
            if (order.get(i) != i) {
                throw new AssertionError("message " + i + " arrived as " + order.get(i));
            }
        }
    }

    @Test
    void publishPropertiesSurviveTheTrip() throws Exception {
        String topic = topic("props");
        Mqtt5BlockingClient sub = connectedV5("sub");
        Mqtt5BlockingClient pub = connectedV5("pub");
        try (Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(utf8("{\"a\":1}"))
                    .userProperties().add("k1", "v1").add("k2", "v2").add("k1", "again").applyUserProperties()
                    .correlationData(new byte[] {1, 2, 3, (byte) 0xFF}).responseTopic("rt/reply")
                    .contentType("application/json").messageExpiryInterval(3600)
                    .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8).send();
            Mqtt5Publish p = received.receive(10, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("nothing arrived"));
            assertThat(p.getUserProperties().asList()).extracting(u -> u.getName() + "=" + u.getValue())
                    .containsExactly("k1=v1", "k2=v2", "k1=again");
            assertThat(p.getCorrelationData().map(b -> {
                byte[] copy = new byte[b.remaining()];
                b.duplicate().get(copy);
                return copy;
            })).hasValue(new byte[] {1, 2, 3, (byte) 0xFF});
            assertThat(p.getResponseTopic().map(Object::toString)).hasValue("rt/reply");
            assertThat(p.getContentType().map(Object::toString)).hasValue("application/json");
            assertThat(p.getMessageExpiryInterval().getAsLong()).isBetween(3590L, 3600L);
            assertThat(p.getPayloadFormatIndicator()).hasValue(Mqtt5PayloadFormatIndicator.UTF_8);
        } finally {
            sub.disconnect();
            pub.disconnect();
        }
    }
}

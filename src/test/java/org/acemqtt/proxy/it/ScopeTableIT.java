package org.acemqtt.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult.Mqtt5Qos1Result;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.acemqtt.proxy.testsupport.HiveClients;
import org.acemqtt.proxy.testsupport.HiveClients.DirectSubscriber;
import org.acemqtt.proxy.testsupport.MosquittoBroker;
import org.acemqtt.proxy.testsupport.NettyLeakGuard;
import org.acemqtt.proxy.testsupport.ProxyFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every row of the SPEC 3.4 table, scope = the RFC 9431 example, with the HiveMQ v5 client over TLS through the
 * proxy to a real Mosquitto. PUBLISH rows are checked at a subscriber connected straight to Mosquitto; SUBSCRIBE
 * rows by their SUBACK code and, when allowed, by a message published straight to Mosquitto arriving.
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScopeTableIT {
    @TempDir
    static Path dir;
    static MosquittoBroker broker;
    static ProxyFixture proxy;
    static DirectSubscriber everything;
    static Mqtt5BlockingClient client;

    @BeforeAll
    static void start() throws Exception {
        broker = MosquittoBroker.start(dir.resolve("broker"));
        proxy = ProxyFixture.builder(dir.resolve("proxy"), broker.port()).start();
        everything = new DirectSubscriber(broker, "#");
        client = HiveClients.v5(proxy, HiveClients.id("table")).buildBlocking();
        client.connect();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.disconnect();
        }
        if (everything != null) {
            everything.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @ParameterizedTest(name = "PUBLISH {0} is {1}")
    @CsvSource({"topic1, allowed", "topic2/a, allowed", "topic2, allowed", "x/topic3, denied"})
    void publishRowOfTheScopeTableReachesTheBrokerOnlyWhenAllowed(String topic, String outcome) throws Exception {
        everything.clear();
        Mqtt5PubAckReasonCode code;
        try {
            code = ((Mqtt5Qos1Result) client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(("row " + topic).getBytes(StandardCharsets.UTF_8)).send()).getPubAck().getReasonCode();
        } catch (Mqtt5PubAckException e) {
            code = e.getMqttMessage().getReasonCode();
        }
        // A marker on an allowed topic after the row: if the row's message reached the broker it arrives first.
        client.publishWith().topic("topic1").qos(MqttQos.AT_LEAST_ONCE).payload("marker".getBytes(StandardCharsets.UTF_8)).send();
        List<Mqtt5Publish> seen = everything.untilTopic("topic1");
        if (topic.equals("topic1")) {
            seen.add(everything.untilTopic("topic1").get(0));
        }
        boolean arrived = seen.stream().anyMatch(p -> p.getTopic().toString().equals(topic)
                && new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8).equals("row " + topic));
        if (outcome.equals("allowed")) {
            assertThat(code).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
            assertThat(arrived).as("message on %s at the broker", topic).isTrue();
        } else {
            assertThat(code).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
            assertThat(arrived).as("message on %s at the broker", topic).isFalse();
        }
    }

    @ParameterizedTest(name = "SUBSCRIBE {0} is {1}")
    @CsvSource({"topic1, allowed, topic1", "topic2/#, denied, ", "x/topic3, allowed, x/topic3",
        "+/topic3, allowed, y/topic3", "#, denied, ", "$share/g1/x/topic3, allowed, x/topic3",
        "$SYS/topic3, denied, ", "a/topic3/b, denied, "})
    void subscribeRowOfTheScopeTableGetsItsSubackCode(String filter, String outcome, String probeTopic) throws Exception {
        Mqtt5SubAckReasonCode code;
        try {
            code = client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().getReasonCodes().get(0);
        } catch (Mqtt5SubAckException e) {
            code = e.getMqttMessage().getReasonCodes().get(0);
        }
        if (outcome.equals("denied")) {
            assertThat(code).isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
            return;
        }
        assertThat(code).isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        try (var publishes = client.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.SUBSCRIBED)) {
            Mqtt5BlockingClient publisher = HiveClients.direct(broker, HiveClients.id("pub")).buildBlocking();
            publisher.connect();
            publisher.publishWith().topic(probeTopic).qos(MqttQos.AT_LEAST_ONCE).payload(filter.getBytes(StandardCharsets.UTF_8)).send();
            publisher.disconnect();
            Mqtt5Publish received = publishes.receive(10, TimeUnit.SECONDS).orElseThrow(
                    () -> new AssertionError("nothing delivered for " + filter));
            assertThat(received.getTopic().toString()).isEqualTo(probeTopic);
        } finally {
            client.unsubscribeWith().topicFilter(filter).send();
        }
    }
}

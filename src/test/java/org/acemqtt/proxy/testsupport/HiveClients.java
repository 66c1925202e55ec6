package org.acemqtt.proxy.testsupport;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** HiveMQ MQTT client builders for the proxy (TLS, test CA) and for Mosquitto directly (plain). */
public final class HiveClients {
    private HiveClients() {
    }

    public static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static MqttClientSslConfig ssl(TestPki pki) {
        return MqttClientSslConfig.builder().trustManagerFactory(pki.trustManagerFactory()).build();
    }

    /** A v5 client builder for the proxy's TLS listener. */
    public static Mqtt5ClientBuilder v5(ProxyFixture proxy, String clientId) {
        return MqttClient.builder().useMqttVersion5().identifier(clientId).serverHost("127.0.0.1")
                .serverPort(proxy.tlsPort()).sslConfig(ssl(proxy.pki()));
    }

    public static Mqtt3ClientBuilder v3(ProxyFixture proxy, String clientId) {
        return MqttClient.builder().useMqttVersion3().identifier(clientId).serverHost("127.0.0.1")
                .serverPort(proxy.tlsPort()).sslConfig(ssl(proxy.pki()));
    }

    /** A v5 client builder straight to Mosquitto (plain TCP). */
    public static Mqtt5ClientBuilder direct(MosquittoBroker broker, String clientId) {
        return MqttClient.builder().useMqttVersion5().identifier(clientId).serverHost("127.0.0.1").serverPort(broker.port());
    }

    /** A subscriber connected straight to Mosquitto that collects everything published to {@code filter}. */
    public static final class DirectSubscriber implements AutoCloseable {
        private final Mqtt5AsyncClient client;
        private final BlockingQueue<Mqtt5Publish> received = new LinkedBlockingQueue<>();

        public DirectSubscriber(MosquittoBroker broker, String filter) throws Exception {
            client = direct(broker, id("direct-sub")).buildAsync();
            client.connect().get(10, TimeUnit.SECONDS);
            client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).callback(received::add).send()
                    .get(10, TimeUnit.SECONDS);
        }

        /** The next message, or null after the timeout. */
        public Mqtt5Publish poll(long millis) throws InterruptedException {
            return received.poll(millis, TimeUnit.MILLISECONDS);
        }

        /** Messages until one on {@code topic} arrives (inclusive); fails after 10 s. */
        public java.util.List<Mqtt5Publish> untilTopic(String topic) throws InterruptedException {
            java.util.List<Mqtt5Publish> seen = new java.util.ArrayList<>();
            long until = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < until) {
                Mqtt5Publish p = poll(200);
                if (p != null) {
                    seen.add(p);
                    if (p.getTopic().toString().equals(topic)) {
                        return seen;
                    }
                }
            }
            throw new AssertionError("no message on " + topic + " within 10 s; saw " + seen);
        }

        public void clear() {
            received.clear();
        }

        @Override
        public void close() throws Exception {
            client.disconnect().get(5, TimeUnit.SECONDS);
        }
    }
}

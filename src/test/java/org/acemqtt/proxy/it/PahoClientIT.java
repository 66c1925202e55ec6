package org.acemqtt.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.acemqtt.proxy.testsupport.Closer;
import org.acemqtt.proxy.testsupport.HiveClients;
import org.acemqtt.proxy.testsupport.MosquittoBroker;
import org.acemqtt.proxy.testsupport.NettyLeakGuard;
import org.acemqtt.proxy.testsupport.ProxyFixture;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Eclipse Paho v5 over TLS through the proxy: connect, subscribe, publish, and the scope's answers. */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PahoClientIT {
    @TempDir
    static Path dir;
    static MosquittoBroker broker;
    static ProxyFixture proxy;

    @BeforeAll
    static void start() throws Exception {
        broker = MosquittoBroker.start(dir.resolve("broker"));
        proxy = ProxyFixture.builder(dir.resolve("proxy"), broker.port()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        Closer.closeAll(proxy, broker);
    }

    private static MqttClient connected() throws MqttException {
        MqttClient client = new MqttClient("ssl://127.0.0.1:" + proxy.tlsPort(), HiveClients.id("paho"), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(proxy.pki().clientSslContext("TLSv1.3").getSocketFactory());
        options.setConnectionTimeout(10);
        client.setTimeToWait(10_000);
        client.connect(options);
        return client;
    }

    @Test
    void pahoClientPublishesAndReceivesWithinTheScopeOverTls() throws Exception {
        MqttClient client = connected();
        try {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            IMqttToken sub = client.subscribe(new MqttSubscription[] {new MqttSubscription("topic1", 1)},
                    new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {
                        (topic, message) -> received.add(topic + "=" + new String(message.getPayload(), StandardCharsets.UTF_8))});
            assertThat(sub.getReasonCodes()).containsExactly(1);
            MqttMessage message = new MqttMessage("from paho".getBytes(StandardCharsets.UTF_8));
            message.setQos(2);
            client.publish("topic1", message);
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("topic1=from paho");
        } finally {
            client.disconnect();
            client.close();
        }
    }

    @Test
    void pahoClientIsRefusedOutsideTheScope() throws Exception {
        MqttAsyncClient client = new MqttAsyncClient("ssl://127.0.0.1:" + proxy.tlsPort(), HiveClients.id("paho-async"),
                new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(proxy.pki().clientSslContext("TLSv1.3").getSocketFactory());
        client.connect(options).waitForCompletion(10_000);
        try {
            IMqttToken sub = client.subscribe(new MqttSubscription("#", 1));
            assertThat(reasonCodes(sub)).containsExactly(0x87);
            IMqttToken pub = client.publish("x/topic3", "denied".getBytes(StandardCharsets.UTF_8), 1, false);
            assertThat(reasonCodes(pub)).containsExactly(0x87);
            IMqttToken allowed = client.publish("topic1", "allowed".getBytes(StandardCharsets.UTF_8), 1, false);
            assertThat(reasonCodes(allowed)[0]).isLessThan(0x80);
        } finally {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }

    private static int[] reasonCodes(IMqttToken token) {
        try {
            token.waitForCompletion(10_000);
        } catch (MqttException e) {
            return new int[] {e.getReasonCode()};
        }
        return token.getReasonCodes();
    }
}

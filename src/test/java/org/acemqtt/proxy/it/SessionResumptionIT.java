package org.acemqtt.proxy.it;

import static org.acemqtt.proxy.testsupport.MqttBytes.PUBLISH;
import static org.acemqtt.proxy.testsupport.MqttBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import java.nio.file.Path;
import java.time.Duration;
import org.acemqtt.proxy.testsupport.AceClientKeys;
import org.acemqtt.proxy.testsupport.Closer;
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
 * RFC 9431 §2.2.4.1 (R-31) session continuation: a session resumed under a narrower token loses, before its CONNACK,
 * the subscriptions the new grant does not cover; what the broker had queued for them is dropped, the rest delivered,
 * and the connection stays up.
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(60)
class SessionResumptionIT {
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

    private static Packet connect(RawMqttClient c, String id, String scopeFilter, boolean cleanStart) throws Exception {
        byte[] data = AceClientKeys.authenticationData(KEYS.token(AceClientKeys.aif(scopeFilter), 3600), KEYS.sign(c.exporter(true)));
        return c.connect(MqttBytes.connect(5, id, cleanStart, new Props().string(0x15, "ace").binary(0x16, data)
                .fourBytes(0x11, 300), null, null, null));
    }

    private static void publishDirect(String topic, String payload) {
        Mqtt5BlockingClient direct = HiveClients.direct(broker, HiveClients.id("direct")).buildBlocking();
        direct.connect();
        direct.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(utf8(payload)).send();
        direct.disconnect();
    }

    @Test
    void aNarrowerTokenOnResumptionUnsubscribesWhatItNoLongerCoversAndDropsItsQueuedMessages() throws Exception {
        String id = HiveClients.id("resumer");
        try (RawMqttClient c = RawMqttClient.tlsWithExporter(proxy.tlsPort(), proxy.pki(), "TLSv1.3")) {
            assertThat(connect(c, id, "res/#", true).reasonCode()).isZero();
            c.send(MqttBytes.subscribe(5, 1, 1, "res/a/#", "res/b/#"));
            assertThat(c.read(WAIT).subackCodes(5)).containsExactly(1, 1);
        }
        publishDirect("res/b/1", "queued outside the new grant");
        publishDirect("res/a/1", "queued inside the new grant");
        double dropped = proxy.metric("ace_proxy_denied_total", "reason=\"resumed_session_queue\"");
        try (RawMqttClient c = RawMqttClient.tlsWithExporter(proxy.tlsPort(), proxy.pki(), "TLSv1.3")) {
            Packet connack = connect(c, id, "res/a/#", false);
            assertThat(connack.reasonCode()).isZero();
            assertThat(connack.sessionPresent()).isTrue();
            Packet delivered = c.read(WAIT);
            assertThat(delivered.type()).isEqualTo(PUBLISH);
            assertThat(delivered.topic()).isEqualTo("res/a/1");
            c.send(MqttBytes.ack(MqttBytes.PUBACK, delivered.publishPacketId()));
            publishDirect("res/b/2", "after resumption");
            c.send(MqttBytes.pingreq());
            assertThat(c.read(WAIT).type()).isEqualTo(MqttBytes.PINGRESP);
            assertThatThrownBy(() -> c.read(Duration.ofMillis(800))).hasMessageContaining("no packet within");
        }
        assertThat(proxy.metric("ace_proxy_denied_total", "reason=\"resumed_session_queue\"")).isGreaterThan(dropped);
    }
}

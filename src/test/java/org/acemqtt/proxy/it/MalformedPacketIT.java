package org.acemqtt.proxy.it;

import static org.acemqtt.proxy.testsupport.MqttBytes.CONNACK;
import static org.acemqtt.proxy.testsupport.MqttBytes.DISCONNECT;
import static org.acemqtt.proxy.testsupport.MqttBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed packets, protocol violations, the CONNECT deadline and the packet size limit, over the insecure plain
 * listener so that the bytes are exactly what the test wrote. After each test a normal client must still connect.
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MalformedPacketIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int MAX_PACKET = 2048;
    @TempDir
    static Path dir;
    static MosquittoBroker broker;
    static ProxyFixture proxy;

    @BeforeAll
    static void start() throws Exception {
        broker = MosquittoBroker.start(dir.resolve("broker"));
        proxy = ProxyFixture.builder(dir.resolve("proxy"), broker.port()).plainListener()
                .limit("connectTimeoutSeconds", 1).limit("maxPacketSize", MAX_PACKET).start();
    }

    @AfterAll
    static void stop() throws Exception {
        Closer.closeAll(proxy, broker);
    }

    @AfterEach
    void proxyStaysUpForANormalClient() {
        Mqtt5BlockingClient c = HiveClients.v5(proxy, HiveClients.id("normal")).buildBlocking();
        c.connect();
        c.disconnect();
    }

    private static RawMqttClient connected(int version) throws Exception {
        RawMqttClient c = RawMqttClient.plain(proxy.plainPort());
        Packet connack = c.connect(MqttBytes.connect(version, HiveClients.id("raw")));
        assertThat(connack.type()).isEqualTo(CONNACK);
        assertThat(connack.reasonCode()).isZero();
        return c;
    }

    /** Sends {@code bad} after a successful v5 CONNECT and returns the one DISCONNECT reason code before the close. */
    private static int disconnectReasonAfter(byte[] bad) throws Exception {
        try (RawMqttClient c = connected(5)) {
            c.send(bad);
            List<Packet> last = c.readUntilClosed(WAIT);
            assertThat(last).as("packets before the close").hasSize(1);
            assertThat(last.get(0).type()).isEqualTo(DISCONNECT);
            return last.get(0).reasonCode();
        }
    }

    @Test
    void remainingLengthLongerThanFourBytesGetsDisconnectMalformedPacket() throws Exception {
        assertThat(disconnectReasonAfter(new byte[] {0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01}))
                .isEqualTo(0x81);
    }

    @Test
    void badRemainingLengthInTheFirstPacketClosesTheConnection() throws Exception {
        try (RawMqttClient c = RawMqttClient.plain(proxy.plainPort())) {
            c.send(new byte[] {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01});
            assertThat(c.readUntilClosed(WAIT)).allSatisfy(p -> assertThat(p.type()).isEqualTo(CONNACK));
        }
    }

    @Test
    void subscribeWithReservedFlagsGetsDisconnectMalformedPacket() throws Exception {
        byte[] subscribe = MqttBytes.subscribe(5, 1, 1, "topic1");
        subscribe[0] = (byte) 0x80;
        assertThat(disconnectReasonAfter(subscribe)).isEqualTo(0x81);
    }

    @Test
    void publishWithQos3GetsDisconnectMalformedPacket() throws Exception {
        byte[] publish = MqttBytes.publish(5, "topic1", 1, 1, utf8("x"));
        publish[0] = 0x36;
        assertThat(disconnectReasonAfter(publish)).isEqualTo(0x81);
    }

    @Test
    void publishTopicWithInvalidUtf8IsRefusedAndNeverReachesTheBroker() throws Exception {
        try (DirectSubscriber watcher = new DirectSubscriber(broker, "#")) {
            byte[] topic = {'t', 'o', 'p', 'i', 'c', '2', '/', (byte) 0xC3, 0x28};
            int code = disconnectReasonAfter(MqttBytes.publish(5, topic, 0, 0, new Props(), utf8("bad"), false));
            assertThat(code).isIn(0x81, 0x90);
            assertThat(watcher.poll(500)).isNull();
        }
    }

    @Test
    void publishTopicWithNullCharacterIsRefused() throws Exception {
        byte[] topic = {'t', 'o', 'p', 'i', 'c', '2', '/', 0};
        assertThat(disconnectReasonAfter(MqttBytes.publish(5, topic, 0, 0, new Props(), utf8("bad"), false)))
                .isIn(0x81, 0x90);
    }

    @Test
    void publishTopicWithWildcardIsRefused() throws Exception {
        assertThat(disconnectReasonAfter(MqttBytes.publish(5, "topic2/#", 0, 0, utf8("bad")))).isIn(0x81, 0x90);
        assertThat(disconnectReasonAfter(MqttBytes.publish(5, "topic2/+/x", 1, 1, utf8("bad")))).isIn(0x81, 0x90);
    }

    @Test
    void firstPacketOtherThanConnectClosesTheConnection() throws Exception {
        try (RawMqttClient c = RawMqttClient.plain(proxy.plainPort())) {
            c.send(MqttBytes.publish(5, "topic1", 0, 0, utf8("early")));
            assertThat(c.readUntilClosed(WAIT)).isEmpty();
        }
    }

    @Test
    void secondConnectGetsDisconnectProtocolError() throws Exception {
        assertThat(disconnectReasonAfter(MqttBytes.connect(5, "again"))).isEqualTo(0x82);
    }

    @Test
    void v311SecondConnectClosesTheConnection() throws Exception {
        try (RawMqttClient c = connected(4)) {
            c.send(MqttBytes.connect(4, "again"));
            assertThat(c.readUntilClosed(WAIT)).isEmpty();
        }
    }

    @Test
    void silentTcpClientIsClosedWithinTheConnectTimeout() throws Exception {
        for (int port : new int[] {proxy.plainPort(), proxy.tlsPort()}) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                s.setSoTimeout(5_000);
                long started = System.nanoTime();
                int read = s.getInputStream().read();
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertThat(read).as("end of stream").isEqualTo(-1);
                assertThat(millis).as("closed after ms").isBetween(500L, 3_000L);
            }
        }
    }

    @Test
    void clientThatSendsHalfAConnectIsClosedWithinTheConnectTimeout() throws Exception {
        try (RawMqttClient c = RawMqttClient.plain(proxy.plainPort())) {
            byte[] connect = MqttBytes.connect(5, "half");
            c.send(java.util.Arrays.copyOf(connect, connect.length - 3));
            long started = System.nanoTime();
            assertThat(c.readUntilClosed(Duration.ofSeconds(4))).isEmpty();
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(3_000L);
        }
    }

    @Test
    void publishLargerThanMaxPacketSizeGetsDisconnectPacketTooLarge() throws Exception {
        try (RawMqttClient c = RawMqttClient.plain(proxy.plainPort())) {
            Packet connack = c.connect(MqttBytes.connect(5, HiveClients.id("big")));
            assertThat(connack.connackProperties().get(0x27)).as("Maximum Packet Size").isEqualTo((long) MAX_PACKET);
            c.send(MqttBytes.publish(5, "topic1", 0, 0, new byte[MAX_PACKET + 100]));
            List<Packet> last = c.readUntilClosed(WAIT);
            assertThat(last).hasSize(1);
            assertThat(last.get(0).type()).isEqualTo(DISCONNECT);
            assertThat(last.get(0).reasonCode()).isEqualTo(0x95);
        }
    }

    @Test
    void connectLargerThanMaxPacketSizeIsRefusedOrClosed() throws Exception {
        try (RawMqttClient c = RawMqttClient.plain(proxy.plainPort())) {
            c.send(MqttBytes.connect(5, "x".repeat(MAX_PACKET + 10)));
            List<Packet> packets = c.readUntilClosed(WAIT);
            assertThat(packets).allSatisfy(p -> {
                assertThat(p.type()).isEqualTo(CONNACK);
                assertThat(p.reasonCode()).isEqualTo(0x95);
            });
        }
    }
}

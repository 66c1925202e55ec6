package org.acemqtt.proxy.it;

import static org.acemqtt.proxy.testsupport.MqttBytes.PUBACK;
import static org.acemqtt.proxy.testsupport.MqttBytes.PUBLISH;
import static org.acemqtt.proxy.testsupport.MqttBytes.SUBACK;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.ResourceLeakDetector;
import java.io.EOFException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.acemqtt.proxy.testsupport.Closer;
import org.acemqtt.proxy.testsupport.HiveClients;
import org.acemqtt.proxy.testsupport.MosquittoBroker;
import org.acemqtt.proxy.testsupport.MqttBytes;
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

/**
 * A rough throughput comparison in one run (PERF.md: never compare with a number from another run): one QoS 0
 * publisher to one subscriber, 64-byte payloads, lean pre-encoded client, through the proxy (TLS and plain) and
 * straight to Mosquitto's plain port. Logs, does not assert; every figure comes with its loss count. Also logs QoS 1
 * with an in-flight window of the CONNACK's Receive Maximum.
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ThroughputIT {
    private static final int MESSAGES = 200_000;
    private static final int QOS1_MESSAGES = 20_000;
    private static final String TOPIC = "bench/a";
    @TempDir
    static Path dir;
    static MosquittoBroker broker;
    static ProxyFixture proxy;

    @BeforeAll
    static void start() throws Exception {
        broker = MosquittoBroker.start(dir.resolve("broker"));
        proxy = ProxyFixture.builder(dir.resolve("proxy"), broker.port()).plainListener()
                .anonymousScope("[[\"bench/#\",[\"pub\",\"sub\"]]]").start();
    }

    @AfterAll
    static void stop() throws Exception {
        Closer.closeAll(proxy, broker);
    }

    private interface Connector {
        RawMqttClient open() throws Exception;
    }

    private record Result(double perSecond, long received, long lost) {
        @Override
        public String toString() {
            return String.format("%.0f msgs/s (received %d, lost %d)", perSecond, received, lost);
        }
    }

    @Test
    void qos0ThroughputThroughTheProxyIsLoggedNextToDirect() throws Exception {
        // PARANOID leak detection records a stack trace at every buffer touch and dominates the proxy's CPU per
        // message; measure without it (restored afterwards, so the leak guard of every other test is unaffected).
        ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        try {
            measure();
        } finally {
            ResourceLeakDetector.setLevel(level);
        }
        Connector proxyPlain = () -> RawMqttClient.plain(proxy.plainPort());
        Result paranoid = qos0(proxyPlain, 50_000);
        System.out.printf("THROUGHPUT-WITH-LEAK-DETECTION-%s proxy-plain %s%n", level, paranoid);
    }

    private static void measure() throws Exception {
        Connector proxyTls = () -> RawMqttClient.tls(proxy.tlsPort(), proxy.pki());
        Connector proxyPlain = () -> RawMqttClient.plain(proxy.plainPort());
        Connector direct = () -> RawMqttClient.plain(broker.port());
        qos0(proxyTls, 30_000); // warm-up (JIT) on both paths
        qos0(direct, 30_000);
        Result tls = qos0(proxyTls, MESSAGES);
        Result plain = qos0(proxyPlain, MESSAGES);
        Result straight = qos0(direct, MESSAGES);
        System.out.printf("THROUGHPUT proxy=%.0f direct=%.0f ratio=%.2f (QoS 0, %d x 64 B, proxy over TLS 1.3;"
                        + " proxy TLS %s; proxy plain %s; direct plain %s)%n", tls.perSecond(), straight.perSecond(),
                tls.perSecond() / straight.perSecond(), MESSAGES, tls, plain, straight);
        System.out.printf("THROUGHPUT proxy-plain=%.0f direct=%.0f ratio=%.2f%n", plain.perSecond(), straight.perSecond(),
                plain.perSecond() / straight.perSecond());
        double q1Tls = qos1(proxyTls, QOS1_MESSAGES);
        double q1Plain = qos1(proxyPlain, QOS1_MESSAGES);
        double q1Direct = qos1(direct, QOS1_MESSAGES);
        System.out.printf("THROUGHPUT-QOS1 proxy=%.0f proxy-plain=%.0f direct=%.0f ratio=%.2f (publisher only, window ="
                + " Receive Maximum)%n", q1Tls, q1Plain, q1Direct, q1Tls / q1Direct);
        assertThat(tls.received()).isPositive();
    }

    private static Result qos0(Connector connector, int count) throws Exception {
        try (RawMqttClient sub = connector.open(); RawMqttClient pub = connector.open()) {
            assertThat(sub.connect(MqttBytes.connect(5, HiveClients.id("bench-sub"))).reasonCode()).isZero();
            sub.send(MqttBytes.subscribe(5, 1, 0, TOPIC));
            assertThat(sub.read(Duration.ofSeconds(10)).type()).isEqualTo(SUBACK);
            assertThat(pub.connect(MqttBytes.connect(5, HiveClients.id("bench-pub"))).reasonCode()).isZero();
            AtomicLong received = new AtomicLong();
            AtomicLong lastArrival = new AtomicLong();
            Thread reader = new Thread(() -> {
                try {
                    while (received.get() < count) {
                        Packet p = sub.read(Duration.ofSeconds(3));
                        if (p.type() == PUBLISH) {
                            received.incrementAndGet();
                            lastArrival.set(System.nanoTime());
                        }
                    }
                } catch (AssertionError | EOFException idle) {
                    // 3 s without a message: the rest was lost
                } catch (Exception e) {
                    System.err.println("bench reader: " + e);
                }
            }, "bench-reader");
            reader.start();
            byte[] publish = MqttBytes.publish(5, TOPIC, 0, 0, new byte[64]);
            long started = System.nanoTime();
            for (int i = 0; i < count; i++) {
                pub.write(publish);
            }
            pub.flush();
            reader.join(120_000);
            long n = received.get();
            double seconds = (lastArrival.get() - started) / 1e9;
            return new Result(n / Math.max(seconds, 1e-9), n, count - n);
        }
    }

    /** QoS 1 publisher alone (no subscriber), keeping Receive Maximum PUBLISHes in flight; messages/s. */
    private static double qos1(Connector connector, int count) throws Exception {
        try (RawMqttClient pub = connector.open()) {
            Packet connack = pub.connect(MqttBytes.connect(5, HiveClients.id("bench-q1")));
            Object rm = connack.connackProperties().get(0x21);
            int window = rm == null ? 65_535 : (Integer) rm;
            long started = System.nanoTime();
            int inFlight = 0;
            for (int i = 0; i < count; i++) {
                if (inFlight == window) {
                    pub.flush();
                    assertThat(pub.read(Duration.ofSeconds(10)).type()).isEqualTo(PUBACK);
                    inFlight--;
                }
                pub.write(MqttBytes.publish(5, TOPIC, 1, (i % 65_535) + 1, new byte[64]));
                inFlight++;
            }
            pub.flush();
            while (inFlight > 0) {
                assertThat(pub.read(Duration.ofSeconds(10)).type()).isEqualTo(PUBACK);
                inFlight--;
            }
            return count / ((System.nanoTime() - started) / 1e9);
        }
    }
}

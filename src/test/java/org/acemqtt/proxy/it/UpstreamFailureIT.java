package org.acemqtt.proxy.it;

import static org.acemqtt.proxy.testsupport.MqttBytes.CONNACK;
import static org.acemqtt.proxy.testsupport.MqttBytes.DISCONNECT;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.acemqtt.proxy.testsupport.Closer;
import org.acemqtt.proxy.testsupport.HiveClients;
import org.acemqtt.proxy.testsupport.MosquittoBroker;
import org.acemqtt.proxy.testsupport.MqttBytes;
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

/** The upstream broker going away and coming back: CONNACK 0x88, DISCONNECT mid-session, readiness 503/200. */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UpstreamFailureIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
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

    @AfterEach
    void brokerBack() throws Exception {
        broker.startAgain();
    }

    @Test
    void upstreamDownAtConnectGetsConnackServerUnavailable() throws Exception {
        broker.stop();
        double failures = proxy.metric("ace_proxy_upstream_connect_failures_total");
        assertThat(refusalCode(5)).isEqualTo(0x88);
        assertThat(refusalCode(4)).isEqualTo(0x03);
        assertThat(proxy.metric("ace_proxy_upstream_connect_failures_total")).isEqualTo(failures + 2);
    }

    private static int refusalCode(int version) throws Exception {
        try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            c.send(MqttBytes.connect(version, HiveClients.id("down")));
            List<Packet> packets = c.readUntilClosed(WAIT);
            assertThat(packets).hasSize(1);
            assertThat(packets.get(0).type()).isEqualTo(CONNACK);
            return packets.get(0).reasonCode();
        }
    }

    @Test
    void upstreamClosingMidSessionGivesTheV5ClientADisconnect() throws Exception {
        try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            assertThat(c.connect(MqttBytes.connect(5, HiveClients.id("mid"))).reasonCode()).isZero();
            broker.stop();
            List<Packet> last = c.readUntilClosed(WAIT);
            assertThat(last).hasSize(1);
            assertThat(last.get(0).type()).isEqualTo(DISCONNECT);
            assertThat(last.get(0).reasonCode()).isGreaterThanOrEqualTo(0x80);
        }
    }

    @Test
    void upstreamClosingMidSessionClosesTheV311Client() throws Exception {
        try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            assertThat(c.connect(MqttBytes.connect(4, HiveClients.id("mid3"))).reasonCode()).isZero();
            broker.stop();
            assertThat(c.readUntilClosed(WAIT)).isEmpty();
        }
    }

    @Test
    void readinessDropsWhileTheBrokerIsDownAndReturnsWhenItIsBack() throws Exception {
        assertThat(awaitReady(200)).isEqualTo(200);
        broker.stop();
        assertThat(awaitReady(503)).isEqualTo(503);
        assertThat(proxy.admin("/health/live").status()).isEqualTo(200);
        broker.startAgain();
        assertThat(awaitReady(200)).isEqualTo(200);
        try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            assertThat(c.connect(MqttBytes.connect(5, HiveClients.id("back"))).reasonCode()).isZero();
        }
    }

    /** Polls /health/ready until it answers {@code wanted} (the probe runs every 2 s); returns the last status. */
    private static int awaitReady(int wanted) throws Exception {
        long until = System.currentTimeMillis() + 10_000;
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
}

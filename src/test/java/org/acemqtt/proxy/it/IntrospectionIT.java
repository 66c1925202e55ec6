package org.acemqtt.proxy.it;

import static org.acemqtt.proxy.testsupport.MqttBytes.AUTH;
import static org.acemqtt.proxy.testsupport.MqttBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.acemqtt.proxy.testsupport.AceClientKeys;
import org.acemqtt.proxy.testsupport.HiveClients;
import org.acemqtt.proxy.testsupport.MosquittoBroker;
import org.acemqtt.proxy.testsupport.MqttBytes;
import org.acemqtt.proxy.testsupport.MqttBytes.Props;
import org.acemqtt.proxy.testsupport.NettyLeakGuard;
import org.acemqtt.proxy.testsupport.ProxyFixture;
import org.acemqtt.proxy.testsupport.RawMqttClient;
import org.acemqtt.proxy.testsupport.RawMqttClient.Packet;
import org.acemqtt.proxy.testsupport.TestAs;
import org.acemqtt.proxy.testsupport.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reference tokens (RFC 9431 §2.2.5, RFC 9200 §5.9) end to end: an opaque token in CONNECT is introspected at a real
 * HTTPS authorization server, its {@code cnf} key must then prove possession, and the answer's scope is enforced.
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(60)
class IntrospectionIT {
    static final Duration WAIT = Duration.ofSeconds(8);
    static final AceClientKeys KEYS = new AceClientKeys();
    static Vertx vertx;
    static TestAs as;
    static MosquittoBroker broker;
    static ProxyFixture proxy;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        vertx = Vertx.vertx();
        TestPki asPki = TestPki.create(dir.resolve("as-pki"));
        as = TestAs.start(vertx, asPki.serverCertificate(), asPki.serverPrivateKey());
        broker = MosquittoBroker.start(dir.resolve("broker"));
        proxy = ProxyFixture.builder(dir.resolve("proxy"), broker.port()).anonymousScope(null)
                .introspection(as.endpoint(), asPki.caCertificate()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (as != null) {
            as.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    /** An opaque reference: not CBOR at all (0xFF is a break code, never a first byte). */
    private static byte[] reference(String name) {
        byte[] token = ("ref-" + name + "-" + System.nanoTime()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        token[0] = (byte) 0xFF;
        return token;
    }

    private static Packet challengeResponse(RawMqttClient c, byte[] token) throws Exception {
        Packet first = c.connect(MqttBytes.connect(5, HiveClients.id("ref"), true, new Props().string(0x15, "ace")
                .binary(0x16, AceClientKeys.authenticationData(token, null)), null, null, null));
        if (first.type() != AUTH) {
            return first;
        }
        byte[] rsNonce = (byte[]) first.reasonProperties().get(0x16);
        byte[] clientNonce = {1, 1, 2, 3, 5, 8, 13, 21};
        byte[] signed = Arrays.copyOf(rsNonce, 16);
        System.arraycopy(clientNonce, 0, signed, 8, 8);
        byte[] signature = KEYS.sign(signed);
        byte[] data = Arrays.copyOf(clientNonce, 8 + signature.length);
        System.arraycopy(signature, 0, data, 8, signature.length);
        c.send(MqttBytes.auth(0x18, new Props().string(0x15, "ace").binary(0x16, data)));
        return c.read(WAIT);
    }

    @Test
    void anActiveReferenceTokenConnectsAndItsScopeIsEnforced() throws Exception {
        byte[] token = reference("active");
        as.answer(token, TestAs.Reply.cbor(KEYS.activeIntrospection(AceClientKeys.aif("topic1"), 3600)));
        try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            Packet connack = challengeResponse(c, token);
            assertThat(connack.reasonCode()).isZero();
            c.send(MqttBytes.publish(5, "topic1", 1, 1, utf8("x")));
            assertThat(c.read(WAIT).reasonCode()).isLessThan(0x80);
            c.send(MqttBytes.publish(5, "topic2", 1, 2, utf8("x")));
            assertThat(c.read(WAIT).reasonCode()).isEqualTo(0x87);
        }
        assertThat(proxy.metric("ace_proxy_token_validation_seconds_count", "format=\"reference\"")).isPositive();
    }

    @Test
    void anInactiveReferenceTokenIsRefused() throws Exception {
        byte[] token = reference("inactive");
        as.answer(token, TestAs.INACTIVE);
        try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            assertThat(challengeResponse(c, token).reasonCode()).isEqualTo(0x87);
        }
    }

    @Test
    void anAuthorizationServerThatDoesNotAnswerInTimeMeansNoAccess() throws Exception {
        // RFC 9200 §6.10: never grant on a token whose introspection could not complete.
        byte[] token = reference("silent");
        as.answer(token, TestAs.Reply.cbor(KEYS.activeIntrospection(AceClientKeys.aif("topic1"), 3600)).delayed(-1));
        try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            assertThat(challengeResponse(c, token).reasonCode()).isEqualTo(0x87);
        }
    }

    @Test
    void readinessIncludesTheIntrospectionEndpoint() throws Exception {
        ProxyFixture.HttpResult ready = proxy.admin("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body()).contains("\"introspection\":true");
    }
}

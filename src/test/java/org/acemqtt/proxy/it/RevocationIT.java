package org.acemqtt.proxy.it;

import static org.acemqtt.proxy.testsupport.MqttBytes.AUTH;
import static org.acemqtt.proxy.testsupport.MqttBytes.CONNACK;
import static org.acemqtt.proxy.testsupport.MqttBytes.DISCONNECT;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
import org.acemqtt.proxy.testsupport.TestClaims;
import org.acemqtt.proxy.testsupport.TestPki;
import org.acemqtt.proxy.token.cbor.CborWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revocation on live connections, end to end against a real Mosquitto: a self-contained token listed in the AS's
 * Token Revocation List (draft-ietf-ace-revoked-token-notification; a real HTTP server here, polled every second)
 * ends its connection with DISCONNECT 0x87 and is refused at CONNECT; a reference token the AS stops vouching for is
 * disconnected when the introspection cache (1 s) runs out (RFC 9431 §2.4.2).
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(90)
class RevocationIT {
    static final Duration WAIT = Duration.ofSeconds(5);
    /** pollSeconds (1) plus margin for a poll under way and a loaded machine. */
    static final Duration WITHIN_POLL = Duration.ofSeconds(4);
    static final AceClientKeys KEYS = new AceClientKeys();
    static Vertx vertx;
    static HttpServer trl;
    static final AtomicReference<TrlReply> document = new AtomicReference<>();
    static final AtomicInteger served = new AtomicInteger();
    static TestAs as;
    static MosquittoBroker broker;
    static ProxyFixture proxy;

    record TrlReply(int status, String contentType, byte[] body) {
    }

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        vertx = Vertx.vertx();
        trl = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
        trl.requestHandler(req -> {
            TrlReply reply = document.get();
            served.incrementAndGet();
            req.response().setStatusCode(reply.status()).putHeader("Content-Type", reply.contentType())
                    .end(Buffer.buffer(reply.body()));
        });
        listJson();
        trl.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        TestPki asPki = TestPki.create(dir.resolve("as-pki"));
        as = TestAs.start(vertx, asPki.serverCertificate(), asPki.serverPrivateKey());
        broker = MosquittoBroker.start(dir.resolve("broker"));
        proxy = ProxyFixture.builder(dir.resolve("proxy"), broker.port()).anonymousScope(null)
                .issuer(TestClaims.ISSUER, KEYS.asJwks())
                .introspectionCacheSeconds(1).introspection(as.endpoint(), asPki.caCertificate())
                .revocation("http://127.0.0.1:" + trl.actualPort() + "/trl").start();
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

    @BeforeEach
    void emptyList() throws Exception {
        listJson();
        awaitPolls(2);
    }

    private static void listJson(byte[]... tokens) throws Exception {
        StringBuilder json = new StringBuilder("{\"revoked\": [");
        for (int i = 0; i < tokens.length; i++) {
            json.append(i == 0 ? "" : ", ").append('"')
                    .append(Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(tokens[i]))).append('"');
        }
        document.set(new TrlReply(200, "application/json", json.append("]}").toString().getBytes()));
    }

    private static void listCbor(byte[]... tokens) throws Exception {
        CborWriter w = new CborWriter().arrayHeader(tokens.length);
        for (byte[] t : tokens) {
            w.bytes(sha256(t));
        }
        document.set(new TrlReply(200, "application/ace-trl+cbor", w.toByteArray()));
    }

    private static byte[] sha256(byte[] token) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(token);
    }

    /** Waits until the proxy fetched the current document {@code n} more times (so at least one full poll saw it). */
    private static void awaitPolls(int n) throws InterruptedException {
        int target = served.get() + n;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (served.get() < target && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(served.get()).as("TRL polls").isGreaterThanOrEqualTo(target);
        Thread.sleep(100); // the last answer parsed and applied
    }

    private static byte[] connectAce(String clientId, byte[] authData) {
        return MqttBytes.connect(5, clientId, true, new Props().string(0x15, "ace").binary(0x16, authData), null, null, null);
    }

    private static Packet connectWithExporter(RawMqttClient c, byte[] token, String id) throws Exception {
        byte[] proof = KEYS.sign(c.exporter(true));
        return c.connect(connectAce(HiveClients.id(id), AceClientKeys.authenticationData(token, proof)));
    }

    @Test
    void aConnectedClientWhoseTokenGetsListedIsDisconnectedWithinThePollInterval() throws Exception {
        byte[] token = KEYS.token(AceClientKeys.aif("topic1"), 3600);
        // Another token (the MAC is deterministic: the same claims in the same second give the same bytes).
        byte[] other = KEYS.token(AceClientKeys.aif("topic1"), 3599);
        assertThat(other).isNotEqualTo(token);
        try (RawMqttClient c = RawMqttClient.tlsWithExporter(proxy.tlsPort(), proxy.pki(), "TLSv1.3");
             RawMqttClient bystander = RawMqttClient.tlsWithExporter(proxy.tlsPort(), proxy.pki(), "TLSv1.3")) {
            assertThat(connectWithExporter(c, token, "listed").reasonCode()).isZero();
            assertThat(connectWithExporter(bystander, other, "bystander").reasonCode()).isZero();
            double before = proxy.metric("ace_proxy_revocations_total", "source=\"trl\"");
            listJson(token);
            long listedAt = System.nanoTime();
            List<Packet> rest = c.readUntilClosed(WITHIN_POLL);
            long tookMs = (System.nanoTime() - listedAt) / 1_000_000;
            assertThat(rest).extracting(Packet::type).containsExactly(DISCONNECT);
            assertThat(rest.get(0).reasonCode()).isEqualTo(0x87);
            assertThat(tookMs).isLessThan(WITHIN_POLL.toMillis());
            // The other token's holder is untouched.
            bystander.send(MqttBytes.pingreq());
            assertThat(bystander.read(WAIT).type()).isEqualTo(MqttBytes.PINGRESP);
            assertThat(proxy.metric("ace_proxy_disconnects_total", "reason=\"token_revoked\"")).isPositive();
            assertThat(proxy.metric("ace_proxy_revocations_total", "source=\"trl\"")).isGreaterThan(before);
            assertThat(proxy.metric("ace_proxy_revocation_polls_total", "outcome=\"success\"")).isPositive();
        }
    }

    @Test
    void aListedTokenIsRefusedAtConnectInTheDraftsCborForm() throws Exception {
        byte[] token = KEYS.token(AceClientKeys.aif("topic1"), 3600);
        listCbor(token);
        awaitPolls(2);
        try (RawMqttClient c = RawMqttClient.tlsWithExporter(proxy.tlsPort(), proxy.pki(), "TLSv1.3")) {
            Packet connack = connectWithExporter(c, token, "refused");
            assertThat(connack.type()).isEqualTo(CONNACK);
            assertThat(connack.reasonCode()).isEqualTo(0x87);
        }
        assertThat(proxy.metric("ace_proxy_auth_total", "reason=\"revoked\"")).isPositive();
    }

    @Test
    void aFailedPollKeepsTheLastList() throws Exception {
        byte[] token = KEYS.token(AceClientKeys.aif("topic1"), 3600);
        listJson(token);
        awaitPolls(2);
        double failures = proxy.metric("ace_proxy_revocation_polls_total", "outcome=\"failure\"");
        document.set(new TrlReply(500, "text/plain", "down".getBytes()));
        awaitPolls(2);
        assertThat(proxy.metric("ace_proxy_revocation_polls_total", "outcome=\"failure\"")).isGreaterThan(failures);
        try (RawMqttClient c = RawMqttClient.tlsWithExporter(proxy.tlsPort(), proxy.pki(), "TLSv1.3")) {
            assertThat(connectWithExporter(c, token, "still-listed").reasonCode()).isEqualTo(0x87);
        }
        document.set(new TrlReply(200, "application/json", "{\"revoked\": [\"not base64 !\"]}".getBytes()));
        awaitPolls(2);
        try (RawMqttClient c = RawMqttClient.tlsWithExporter(proxy.tlsPort(), proxy.pki(), "TLSv1.3")) {
            assertThat(connectWithExporter(c, token, "still-listed-2").reasonCode()).isEqualTo(0x87);
        }
    }

    /** An opaque reference: not CBOR at all (0xFF is a break code, never a first byte). */
    private static byte[] reference(String name) {
        byte[] token = ("ref-" + name + "-" + System.nanoTime()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        token[0] = (byte) 0xFF;
        return token;
    }

    private static Packet challengeResponse(RawMqttClient c, byte[] token) throws Exception {
        Packet first = c.connect(connectAce(HiveClients.id("ref"), AceClientKeys.authenticationData(token, null)));
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
    void aReferenceTokenTurningInactiveMidConnectionIsDisconnectedAfterTheCacheLifetime() throws Exception {
        byte[] token = reference("turns-inactive");
        as.answer(token, TestAs.Reply.cbor(KEYS.activeIntrospection(AceClientKeys.aif("topic1"), 3600)));
        try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            assertThat(challengeResponse(c, token).reasonCode()).isZero();
            // Still active after a few cache lifetimes: the connection lives on, re-checked each time.
            int asked = as.requests();
            Thread.sleep(2_500);
            assertThat(as.requests()).as("re-introspections").isGreaterThan(asked);
            c.send(MqttBytes.pingreq());
            assertThat(c.read(WAIT).type()).isEqualTo(MqttBytes.PINGRESP);
            as.answer(token, TestAs.INACTIVE);
            long inactiveAt = System.nanoTime();
            List<Packet> rest = c.readUntilClosed(Duration.ofSeconds(5));
            long tookMs = (System.nanoTime() - inactiveAt) / 1_000_000;
            assertThat(rest).extracting(Packet::type).containsExactly(DISCONNECT);
            assertThat(rest.get(0).reasonCode()).isEqualTo(0x87);
            assertThat(tookMs).isLessThan(3_500); // at most two cache lifetimes (a shared cached answer) plus the exchange
        }
        assertThat(proxy.metric("ace_proxy_revocations_total", "source=\"introspection\"")).isPositive();
    }

    @Test
    void aNarrowerScopeFromReIntrospectionAppliesAtOnce() throws Exception {
        byte[] token = reference("narrowed");
        as.answer(token, TestAs.Reply.cbor(KEYS.activeIntrospection(AceClientKeys.aif("topic1"), 3600)));
        try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            assertThat(challengeResponse(c, token).reasonCode()).isZero();
            c.send(MqttBytes.publish(5, "topic1", 1, 1, MqttBytes.utf8("x")));
            assertThat(c.read(WAIT).reasonCode()).isLessThan(0x80);
            as.answer(token, TestAs.Reply.cbor(KEYS.activeIntrospection(AceClientKeys.aif("topic2"), 3600)));
            Thread.sleep(3_000); // two cache lifetimes plus the exchange
            c.send(MqttBytes.publish(5, "topic1", 1, 2, MqttBytes.utf8("x")));
            assertThat(c.read(WAIT).reasonCode()).isEqualTo(0x87);
            c.send(MqttBytes.publish(5, "topic2", 1, 3, MqttBytes.utf8("x")));
            assertThat(c.read(WAIT).reasonCode()).isLessThan(0x80);
        }
    }

    @Test
    void anUnreachableAuthorizationServerEndsAReferenceTokenConnection() throws Exception {
        // RFC 9200 §6.10: no access on a token the AS could not vouch for once the cached answer is stale.
        byte[] token = reference("as-silent");
        as.answer(token, TestAs.Reply.cbor(KEYS.activeIntrospection(AceClientKeys.aif("topic1"), 3600)));
        try (RawMqttClient c = RawMqttClient.tls(proxy.tlsPort(), proxy.pki())) {
            assertThat(challengeResponse(c, token).reasonCode()).isZero();
            as.answer(token, TestAs.Reply.cbor(KEYS.activeIntrospection(AceClientKeys.aif("topic1"), 3600)).delayed(-1));
            List<Packet> rest = c.readUntilClosed(Duration.ofSeconds(15));
            assertThat(rest).extracting(Packet::type).containsExactly(DISCONNECT);
            assertThat(rest.get(0).reasonCode()).isEqualTo(0x87);
        }
    }
}

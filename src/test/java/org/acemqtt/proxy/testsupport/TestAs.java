package org.acemqtt.proxy.testsupport;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.List;
import org.acemqtt.proxy.token.cbor.CborBytes;
import org.acemqtt.proxy.token.cbor.CborItem;
import org.acemqtt.proxy.token.cbor.CborMap;
import org.acemqtt.proxy.token.cbor.CborReader;
import org.acemqtt.proxy.token.cbor.CborText;
import org.acemqtt.proxy.token.cbor.CborWriter;

/**
 * A small authorization server for the tests: a real Vert.x HTTPS server on 127.0.0.1 with an introspection
 * endpoint. It checks HTTP Basic client credentials (401 otherwise) and that the request is the
 * {@code application/ace+cbor} map {@code {11: bstr, 33: "pop"}} (400 otherwise), then answers what the test
 * registered for that token ({@code active: false} for unknown tokens). Answers may be delayed or withheld.
 */
public final class TestAs implements AutoCloseable {
    public static final String CLIENT_ID = "proxy-1";
    public static final String CLIENT_SECRET = "s3cret:with spaces&symbols";

    /** One answer: status, content type, body; {@code delayMs < 0}: never answer. */
    public record Reply(int status, String contentType, byte[] body, long delayMs) {
        public static Reply cbor(byte[] body) {
            return new Reply(200, "application/ace+cbor", body, 0);
        }

        public static Reply json(String body) {
            return new Reply(200, "application/json; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), 0);
        }

        public Reply delayed(long ms) {
            return new Reply(status, contentType, body, ms);
        }
    }

    public static final Reply INACTIVE = Reply.cbor(new CborWriter().mapHeader(1).integer(10).bool(false).toByteArray());

    private final Vertx vertx;
    private final HttpServer server;
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    public final List<String> contentTypes = new CopyOnWriteArrayList<>();
    public final List<String> accepts = new CopyOnWriteArrayList<>();
    public final List<String> hints = new CopyOnWriteArrayList<>();

    private TestAs(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    public static TestAs start(Vertx vertx, Path certificate, Path privateKey) throws Exception {
        HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(0).setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certificate.toString())
                        .setKeyPath(privateKey.toString()));
        HttpServer server = vertx.createHttpServer(options);
        TestAs as = new TestAs(vertx, server);
        server.requestHandler(as::handle);
        server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return as;
    }

    public int port() {
        return server.actualPort();
    }

    public String endpoint() {
        return "https://127.0.0.1:" + port() + "/introspect";
    }

    public int requests() {
        return requests.get();
    }

    public void answer(byte[] token, Reply reply) {
        replies.put(HexFormat.of().formatHex(token), reply);
    }

    private void handle(HttpServerRequest req) {
        requests.incrementAndGet();
        contentTypes.add(String.valueOf(req.getHeader("Content-Type")));
        accepts.add(String.valueOf(req.getHeader("Accept")));
        req.body().onSuccess(body -> respond(req, body));
    }

    private void respond(HttpServerRequest req, Buffer body) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((URLEncoder.encode(CLIENT_ID, StandardCharsets.UTF_8)
                + ":" + URLEncoder.encode(CLIENT_SECRET, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        if (!req.method().name().equals("POST") || !req.path().equals("/introspect")) {
            req.response().setStatusCode(404).end();
            return;
        }
        if (!expected.equals(req.getHeader("Authorization"))) {
            req.response().setStatusCode(401).putHeader("WWW-Authenticate", "Basic realm=\"as\"")
                    .putHeader("Content-Type", "application/ace+cbor")
                    .end(Buffer.buffer(new CborWriter().mapHeader(1).integer(30).integer(2).toByteArray()));
            return;
        }
        byte[] token;
        try {
            CborItem item = CborReader.decode(body.getBytes());
            if (!(item instanceof CborMap m) || m.size() != 2 || !(m.get(11) instanceof CborBytes t)
                    || !(m.get(33) instanceof CborText hint)) {
                throw new IllegalArgumentException("not {11: bstr, 33: text}");
            }
            hints.add(hint.value());
            token = t.toByteArray();
        } catch (Exception e) {
            req.response().setStatusCode(400).end();
            return;
        }
        Reply reply = replies.getOrDefault(HexFormat.of().formatHex(token), INACTIVE);
        if (reply.delayMs() < 0) {
            return; // never answers
        }
        Runnable send = () -> req.response().setStatusCode(reply.status()).putHeader("Content-Type", reply.contentType())
                .end(Buffer.buffer(reply.body()));
        if (reply.delayMs() == 0) {
            send.run();
        } else {
            vertx.setTimer(reply.delayMs(), id -> send.run());
        }
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}

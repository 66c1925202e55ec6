package org.acemqtt.proxy.revocation;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.acemqtt.proxy.config.AceConfig;
import org.acemqtt.proxy.metrics.ProxyMetrics;

/**
 * Polls the AS's Token Revocation List (draft-ietf-ace-revoked-token-notification, full query by GET) every
 * {@code pollSeconds} over HTTPS (trust store, hostname verification; plain http only where the config said
 * {@code insecure}), replaces the {@link RevocationList} with each usable answer and then hands the list to
 * {@code onUpdate}, which ends live connections holding listed tokens. A failed poll (unreachable, non-2xx, unusable
 * document) keeps the last list, logs a WARN and counts {@code ace_proxy_revocation_polls_total{outcome="failure"}}:
 * a TRL that cannot be fetched revokes nothing new, but never un-revokes anything either.
 */
public final class RevocationPoller {
    private static final Logger LOG = Logger.getLogger(RevocationPoller.class.getName());
    /** 100,000 hashes as JSON base64url strings are about 4.7 MB. */
    static final int MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;
    private static final long REQUEST_TIMEOUT_MILLIS = 10_000;

    private final Vertx vertx;
    private final AceConfig.Revocation config;
    private final RevocationList list;
    private final ProxyMetrics metrics;
    private final Consumer<RevocationList> onUpdate;
    private final HttpClientAgent http;
    private final AtomicBoolean polling = new AtomicBoolean();
    private volatile long timerId = -1;

    public RevocationPoller(Vertx vertx, AceConfig.Revocation config, RevocationList list, ProxyMetrics metrics,
                            Consumer<RevocationList> onUpdate) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.config = Objects.requireNonNull(config, "config");
        this.list = Objects.requireNonNull(list, "list");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.onUpdate = Objects.requireNonNull(onUpdate, "onUpdate");
        boolean https = "https".equals(config.endpoint().getScheme().toLowerCase(Locale.ROOT));
        long timeout = Math.min(REQUEST_TIMEOUT_MILLIS, Math.max(1_000, config.pollSeconds() * 1000L));
        HttpClientOptions options = new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_1_1)
                .setConnectTimeout((int) timeout).setSsl(https).setVerifyHost(true).setTrustAll(false);
        config.trustStore().ifPresent(p -> options.setTrustOptions(new PemTrustOptions().addCertPath(p.toString())));
        this.http = vertx.createHttpClient(options);
    }

    /** Polls at once, then every {@code pollSeconds}. */
    public void start() {
        pollNow();
        timerId = vertx.setPeriodic(config.pollSeconds() * 1000L, id -> pollNow());
    }

    /**
     * One poll (skipped when the previous one is still under way). The future completes when the list was
     * replaced (true) or the poll failed (false); never a failed future.
     */
    public Future<Boolean> pollNow() {
        if (!polling.compareAndSet(false, true)) {
            return Future.succeededFuture(false);
        }
        long timeout = Math.min(REQUEST_TIMEOUT_MILLIS, Math.max(1_000, config.pollSeconds() * 1000L));
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET)
                .setAbsoluteURI(config.endpoint().toString()).setFollowRedirects(false)
                .setConnectTimeout(timeout).setIdleTimeout(timeout)
                .putHeader(HttpHeaders.ACCEPT, TrlDocument.ACE_TRL_CBOR + ", application/cbor;q=0.9, application/json;q=0.8");
        return http.request(request).compose(req -> req.send()).compose(this::read).map(this::apply)
                .otherwise(this::failed).andThen(done -> polling.set(false));
    }

    private Future<Body> read(HttpClientResponse resp) {
        if (resp.statusCode() != 200) {
            resp.request().reset();
            return Future.failedFuture(new IllegalStateException("the AS answered HTTP " + resp.statusCode()));
        }
        Promise<Body> p = Promise.promise();
        Buffer acc = Buffer.buffer();
        resp.exceptionHandler(p::tryFail);
        resp.handler(chunk -> {
            if (acc.length() + chunk.length() > MAX_DOCUMENT_BYTES) {
                if (p.tryFail(new IllegalStateException("document larger than " + MAX_DOCUMENT_BYTES + " bytes"))) {
                    resp.request().reset();
                }
            } else {
                acc.appendBuffer(chunk);
            }
        });
        resp.endHandler(v -> p.tryComplete(new Body(resp.getHeader(HttpHeaders.CONTENT_TYPE), acc.getBytes())));
        return p.future();
    }

    private boolean apply(Body body) {
        List<String> hashes;
        try {
            hashes = TrlDocument.parse(body.contentType(), body.bytes(), MAX_DOCUMENT_BYTES);
        } catch (TrlDocument.TrlFormatException e) {
            throw new IllegalStateException("unusable document: " + e.getMessage());
        }
        RevocationList.Update update = list.replace(hashes);
        if (update.dropped() > 0) {
            LOG.warning(() -> "Token Revocation List from " + config.endpoint() + " lists more than "
                    + list.capacity() + " hashes; " + update.dropped() + " not kept");
        }
        if (!update.added().isEmpty()) {
            LOG.info(() -> "Token Revocation List: " + update.added().size() + " newly revoked, " + update.size()
                    + " listed");
        }
        metrics.revocationPoll("success").increment();
        onUpdate.accept(list);
        return true;
    }

    private boolean failed(Throwable cause) {
        metrics.revocationPoll("failure").increment();
        LOG.warning(() -> "Token Revocation List poll of " + config.endpoint() + " failed, keeping the last list ("
                + list.size() + " hashes): " + cause.getMessage());
        return false;
    }

    public Future<Void> stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        return http.close();
    }

    private record Body(String contentType, byte[] bytes) {
    }
}

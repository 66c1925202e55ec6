package org.acemqtt.proxy.token.introspection;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.acemqtt.proxy.config.AceConfig;
import org.acemqtt.proxy.token.AccessToken;
import org.acemqtt.proxy.token.ScopeParser;
import org.acemqtt.proxy.token.TokenDenyReason;
import org.acemqtt.proxy.token.TokenRefusedException;
import org.acemqtt.proxy.token.TokenVerifierConfig;
import org.acemqtt.proxy.token.VerificationResult;
import org.acemqtt.proxy.token.cbor.CborText;
import org.acemqtt.proxy.token.cbor.CborWriter;
import org.acemqtt.proxy.token.cwt.ClaimsChecker;
import org.acemqtt.proxy.token.keys.KeyRing;
import org.acemqtt.proxy.token.keys.TrustedIssuer;

/**
 * Validates reference tokens at the AS introspection endpoint (RFC 7662, RFC 9200 §5.9, RFC 9431 §2.2.5) over the
 * Vert.x {@code HttpClient}, non-blocking.
 *
 * <p>Request: {@code POST} with HTTP Basic client credentials (RFC 7662 §2.1, RFC 6749 §2.3.1) and an
 * {@code application/ace+cbor} body {@code {11 (token): bstr, 33 (token_type_hint): "pop"}}; answers in
 * {@code application/ace+cbor} (RFC 9200 Table 6 keys) or {@code application/json} (RFC 7662 names) are accepted.
 * TLS with the configured PEM CA (or the JVM's default trust store), hostname verification on, never trust-all,
 * redirects not followed. One deadline (the configured timeout) covers connect, TLS, request and answer.
 *
 * <p>Outcome, always a {@link VerificationResult}, never a failed future: {@code active: false} →
 * {@link TokenDenyReason#INACTIVE}; endpoint unreachable, TLS failure, timeout, any status but 200/201 (including
 * 401 for wrong client credentials) or an unusable body → {@link TokenDenyReason#INTROSPECTION_UNAVAILABLE}
 * (RFC 9200 §6.10: never grant when the AS could not be asked); an active answer then goes through the same claim
 * checks as a self-contained CWT ({@link ClaimsChecker#checkIntrospected}: iss, exp/nbf with skew, aud, scope via
 * the {@link ScopeParser}, ace_profile, cnonce, cnf required).
 *
 * <p>Cache (RFC 9431 §2.4.2): grants are kept by SHA-256 of the token until the earlier of {@code cacheSeconds}
 * and the token's expiry, in a bounded LRU. Refusals are not cached: an unavailable AS must be asked again as soon
 * as it is back, and anyone can send arbitrary bytes as a "token", so caching refusals would let a client fill the
 * bounded cache with garbage and push out valid grants; only tokens the AS vouched for occupy cache slots.
 * Concurrent introspection of the same token (e.g. a device reconnecting on several connections) is collapsed
 * into one HTTP exchange whose result every caller receives.
 *
 * <p>Thread-safe. The returned future completes on the caller's Vert.x context (a cache hit is already
 * complete). The token itself is never logged, only the first bytes of its SHA-256.
 */
public final class IntrospectionClient {
    private static final Logger LOG = Logger.getLogger(IntrospectionClient.class.getName());
    private static final String TOKEN_TYPE_HINT = "pop";

    /**
     * Settings beyond {@code ace.introspection}.
     *
     * @param acceptedIssuers  {@code iss} values an answer may carry; empty: any (the authenticated AS vouches for
     *                         the token). {@link AccessToken#issuer()} is the {@code iss}, else the endpoint origin.
     * @param issuerKeys       keys to decrypt an Encrypted_COSE_Key {@code cnf}, looked up by {@code iss};
     *                         {@code null}: such a cnf is refused ({@link TokenDenyReason#UNSUPPORTED_POP_KEY})
     * @param maxCacheEntries  bound of the cache (LRU beyond it)
     * @param maxResponseBytes larger answers are refused as unusable
     */
    public record Options(Set<String> acceptedIssuers, KeyRing issuerKeys, int maxCacheEntries, int maxResponseBytes) {
        public static final Options DEFAULT = new Options(Set.of(), null, 10_000, 64 * 1024);

        public Options {
            acceptedIssuers = Set.copyOf(acceptedIssuers);
            if (maxCacheEntries < 1 || maxResponseBytes < 64) {
                throw new IllegalArgumentException("maxCacheEntries >= 1, maxResponseBytes >= 64");
            }
        }
    }

    private final Vertx vertx;
    private final AceConfig.Introspection config;
    private final TokenVerifierConfig verifierConfig;
    private final ScopeParser scopeParser;
    private final Clock clock;
    private final Options options;
    private final HttpClientAgent http;
    private final String authorization;
    private final String defaultIssuer;
    private final IntrospectionCache cache;
    private final ConcurrentHashMap<String, Future<VerificationResult>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong exchanges = new AtomicLong();
    private final AtomicLong collapsed = new AtomicLong();

    public IntrospectionClient(Vertx vertx, AceConfig.Introspection config, TokenVerifierConfig verifierConfig,
                               ScopeParser scopeParser, Clock clock) {
        this(vertx, config, verifierConfig, scopeParser, clock, Options.DEFAULT);
    }

    public IntrospectionClient(Vertx vertx, AceConfig.Introspection config, TokenVerifierConfig verifierConfig,
                               ScopeParser scopeParser, Clock clock, Options options) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.config = Objects.requireNonNull(config, "config");
        this.verifierConfig = Objects.requireNonNull(verifierConfig, "verifierConfig");
        this.scopeParser = Objects.requireNonNull(scopeParser, "scopeParser");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = Objects.requireNonNull(options, "options");
        URI endpoint = config.endpoint();
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("introspection endpoint must be https");
        }
        int timeoutMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, config.timeout().toMillis()));
        HttpClientOptions http = new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setConnectTimeout(timeoutMs)
                .setSsl(scheme.equals("https"))
                .setVerifyHost(true)
                .setTrustAll(false);
        config.trustStore().ifPresent(p -> http.setTrustOptions(new PemTrustOptions().addCertPath(p.toString())));
        this.http = vertx.createHttpClient(http);
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (form(config.clientId()) + ":" + form(new String(config.clientSecret(), StandardCharsets.UTF_8)))
                        .getBytes(StandardCharsets.UTF_8));
        this.defaultIssuer = scheme + "://" + endpoint.getRawAuthority();
        this.cache = new IntrospectionCache(options.maxCacheEntries());
    }

    /**
     * The grant for a reference token, or why not. Never a failed future. Served from the cache when a grant for
     * the same token is cached; joined to an exchange already under way for the same token.
     */
    public Future<VerificationResult> introspect(byte[] token) {
        if (token == null || token.length == 0) {
            return Future.succeededFuture(VerificationResult.failure(TokenDenyReason.MALFORMED_CBOR, "empty token"));
        }
        if (token.length > verifierConfig.maxTokenBytes()) {
            return Future.succeededFuture(VerificationResult.failure(TokenDenyReason.TOO_LARGE,
                    token.length + " bytes, limit " + verifierConfig.maxTokenBytes()));
        }
        byte[] sha = sha256(token);
        String key = HexFormat.of().formatHex(sha);
        Optional<VerificationResult> hit = cache.get(key, clock.instant());
        if (hit.isPresent()) {
            return Future.succeededFuture(hit.get());
        }
        Context caller = vertx.getOrCreateContext();
        Promise<VerificationResult> mine = Promise.promise();
        Future<VerificationResult> shared = inFlight.putIfAbsent(key, mine.future());
        if (shared == null) {
            shared = mine.future();
            byte[] copy = token.clone();
            if (Vertx.currentContext() == caller) {
                exchange(copy, sha, key, mine);
            } else {
                // The response handlers must be set on the context that receives the response, in the task that
                // delivers its head; from a thread outside Vert.x that is not guaranteed, so hop onto the context.
                caller.runOnContext(v -> exchange(copy, sha, key, mine));
            }
        } else {
            collapsed.incrementAndGet();
        }
        return onContext(shared, caller);
    }

    /** The cached grant for this token, if any and not yet past its cache deadline. No network. */
    public Optional<VerificationResult> cached(byte[] token) {
        return cache.get(HexFormat.of().formatHex(sha256(token)), clock.instant());
    }

    /** Drops the cached grant for this token (e.g. on revocation); whether there was one. */
    public boolean invalidate(byte[] token) {
        return cache.remove(HexFormat.of().formatHex(sha256(token)));
    }

    /** Drops every cached grant. */
    public void invalidateAll() {
        cache.clear();
    }

    public int cacheSize() {
        return cache.size();
    }

    /** HTTP exchanges started so far (for metrics and tests). */
    public long exchanges() {
        return exchanges.get();
    }

    /** Calls that joined an exchange already under way instead of starting one. */
    public long collapsedCalls() {
        return collapsed.get();
    }

    public Future<Void> close() {
        return http.close();
    }

    private void exchange(byte[] token, byte[] sha, String key, Promise<VerificationResult> promise) {
        exchanges.incrementAndGet();
        String tag = key.substring(0, 16);
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<HttpClientRequest> request = new AtomicReference<>();
        long timeoutMs = Math.max(1, config.timeout().toMillis());
        AtomicLong timer = new AtomicLong(-1);
        java.util.function.Consumer<VerificationResult> finish = result -> {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            vertx.cancelTimer(timer.get());
            if (result.isSuccess()) {
                Instant now = clock.instant();
                cache.put(key, result, cacheDeadline(result.token(), now), now);
            } else if (result.reason() == TokenDenyReason.INTROSPECTION_UNAVAILABLE) {
                LOG.log(Level.WARNING, () -> "introspection of token sha256 " + tag + " failed, token refused: "
                        + result.detail());
            } else {
                LOG.log(Level.FINE, () -> "introspected token sha256 " + tag + " refused: "
                        + result.reason().metricTag() + ": " + result.detail());
            }
            inFlight.remove(key, promise.future());
            promise.complete(result);
        };
        timer.set(vertx.setTimer(timeoutMs, id -> {
            finish.accept(unavailable("no answer within " + timeoutMs + " ms"));
            HttpClientRequest r = request.get();
            if (r != null) {
                r.reset();
            }
        }));
        byte[] body = new CborWriter().mapHeader(2).integer(11).bytes(token).integer(33).text(TOKEN_TYPE_HINT)
                .toByteArray();
        RequestOptions ro = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(config.endpoint().toString())
                .setFollowRedirects(false)
                .setConnectTimeout(timeoutMs)
                .setIdleTimeout(timeoutMs)
                .putHeader(HttpHeaders.CONTENT_TYPE, IntrospectionAnswer.ACE_CBOR)
                .putHeader(HttpHeaders.ACCEPT, IntrospectionAnswer.ACE_CBOR + ", " + IntrospectionAnswer.JSON + ";q=0.5")
                .putHeader(HttpHeaders.AUTHORIZATION, authorization);
        try {
            http.request(ro)
                    .compose(req -> {
                        request.set(req);
                        if (done.get()) {
                            req.reset();
                            return Future.failedFuture("timed out");
                        }
                        return req.send(Buffer.buffer(body));
                    })
                    .compose(this::readBody)
                    .onSuccess(answer -> finish.accept(evaluate(answer, sha)))
                    .onFailure(e -> finish.accept(unavailable(e instanceof IntrospectionAnswer.GarbledException
                            ? "unusable answer: " + e.getMessage()
                            : "cannot reach " + defaultIssuer + ": " + describe(e))));
        } catch (RuntimeException e) {
            finish.accept(unavailable("cannot start the request: " + describe(e)));
        }
    }

    private record Answer(int status, String contentType, byte[] body) {
    }

    private Future<Answer> readBody(HttpClientResponse resp) {
        Promise<Answer> p = Promise.promise();
        int max = options.maxResponseBytes();
        String length = resp.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > max) {
                    resp.exceptionHandler(e -> { });
                    resp.request().reset();
                    return Future.failedFuture(new IntrospectionAnswer.GarbledException(
                            "answer of " + length.trim() + " bytes, limit " + max));
                }
            } catch (NumberFormatException e) {
                resp.exceptionHandler(x -> { });
                resp.request().reset();
                return Future.failedFuture(new IntrospectionAnswer.GarbledException("bad Content-Length"));
            }
        }
        Buffer acc = Buffer.buffer();
        resp.exceptionHandler(p::tryFail);
        resp.handler(chunk -> {
            if (acc.length() + chunk.length() > max) {
                if (p.tryFail(new IntrospectionAnswer.GarbledException("answer larger than " + max + " bytes"))) {
                    resp.request().reset();
                }
            } else {
                acc.appendBuffer(chunk);
            }
        });
        resp.endHandler(v -> p.tryComplete(new Answer(resp.statusCode(), resp.getHeader(HttpHeaders.CONTENT_TYPE),
                acc.getBytes())));
        return p.future();
    }

    private VerificationResult evaluate(Answer answer, byte[] sha) {
        int status = answer.status();
        if (status == 401) {
            return unavailable("the AS refused this proxy's client credentials (HTTP 401): check "
                    + "ace.introspection.clientId / clientSecret");
        }
        if (status == 403) {
            return unavailable("the AS does not let this proxy introspect the token (HTTP 403)");
        }
        if (status != 200 && status != 201) {
            return unavailable("the AS answered HTTP " + status);
        }
        IntrospectionAnswer.Parsed parsed;
        try {
            parsed = IntrospectionAnswer.parse(answer.contentType(), answer.body(), options.maxResponseBytes());
        } catch (IntrospectionAnswer.GarbledException e) {
            return unavailable("unusable answer: " + e.getMessage());
        }
        if (!parsed.active()) {
            return VerificationResult.failure(TokenDenyReason.INACTIVE, "active: false");
        }
        try {
            String iss = parsed.claims().get(1) instanceof CborText t ? t.value() : null;
            Set<String> accepted = options.acceptedIssuers();
            AccessToken token = ClaimsChecker.checkIntrospected(parsed.claims(), defaultIssuer,
                    v -> accepted.isEmpty() || accepted.contains(v), cnfKeys(iss), sha, verifierConfig,
                    scopeParser, clock.instant());
            return VerificationResult.success(token);
        } catch (TokenRefusedException e) {
            return VerificationResult.failure(e.reason(), e.getMessage());
        } catch (RuntimeException e) {
            return VerificationResult.failure(TokenDenyReason.MALFORMED_CLAIMS,
                    "introspection answer: " + e.getClass().getSimpleName());
        }
    }

    private TrustedIssuer cnfKeys(String iss) {
        if (iss == null || options.issuerKeys() == null) {
            return null;
        }
        for (TrustedIssuer i : options.issuerKeys().current().issuers()) {
            if (i.issuer().equals(iss)) {
                return i;
            }
        }
        return null;
    }

    /** {@code min(now + cacheSeconds, effective expiry)}; {@code now} (not cached) when caching is off. */
    private Instant cacheDeadline(AccessToken token, Instant now) {
        Instant deadline = now.plusSeconds(config.cacheSeconds());
        Optional<Instant> expiry = token.effectiveExpiry();
        return expiry.isPresent() && expiry.get().isBefore(deadline) ? expiry.get() : deadline;
    }

    private static Future<VerificationResult> onContext(Future<VerificationResult> shared, Context caller) {
        Promise<VerificationResult> p = Promise.promise();
        shared.onComplete(ar -> {
            if (Vertx.currentContext() == caller) {
                p.handle(ar);
            } else {
                caller.runOnContext(v -> p.handle(ar));
            }
        });
        return p.future();
    }

    private static VerificationResult unavailable(String detail) {
        return VerificationResult.failure(TokenDenyReason.INTROSPECTION_UNAVAILABLE, detail);
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + (m.length() > 200 ? m.substring(0, 200) : m));
    }

    private static String form(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

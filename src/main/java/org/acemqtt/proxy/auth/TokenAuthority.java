package org.acemqtt.proxy.auth;

import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;
import org.acemqtt.proxy.token.TokenDenyReason;
import org.acemqtt.proxy.token.introspection.IntrospectionClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.acemqtt.proxy.config.AceConfig;
import org.acemqtt.proxy.metrics.ProxyMetrics;
import org.acemqtt.proxy.revocation.RevocationList;
import org.acemqtt.proxy.scope.AifScope;
import org.acemqtt.proxy.token.AifScopeParser;
import org.acemqtt.proxy.token.SharedScopeParser;
import org.acemqtt.proxy.token.AccessToken;
import org.acemqtt.proxy.token.TokenVerifier;
import org.acemqtt.proxy.token.TokenVerifierConfig;
import org.acemqtt.proxy.token.VerificationResult;
import org.acemqtt.proxy.token.keys.IssuerKeysLoader;
import org.acemqtt.proxy.token.keys.IssuerRegistry;
import org.acemqtt.proxy.token.keys.KeyLoadException;
import org.acemqtt.proxy.token.keys.KeyRing;
import org.acemqtt.proxy.token.keys.TrustedIssuer;
import org.acemqtt.proxy.token.store.InMemoryTokenStore;
import org.acemqtt.proxy.token.store.TokenStore;

/**
 * The proxy's trust in access tokens: the verifier with the configured issuers' keys (behind a {@link KeyRing}, the
 * seam for hot reload), the store of tokens received on {@code authz-info}, and the validation-latency metric.
 * Thread-safe; every event loop uses the one instance.
 */
public final class TokenAuthority {
    /** RFC 9200 §5.10.1: the RS must be able to store one token per PoP key of every authorized client. */
    static final int STORE_CAPACITY = 100_000;
    private final TokenVerifier verifier;
    private final KeyRing keys;
    private final TokenStore store;
    private final ProxyMetrics metrics;
    private final Clock clock;
    private final Optional<IntrospectionClient> introspection;
    /** The Token Revocation List (empty unless {@code ace.revocation} is set and polled). */
    private final RevocationList revocations = new RevocationList();
    private final Optional<Duration> cacheTtl;

    TokenAuthority(TokenVerifier verifier, KeyRing keys, TokenStore store, ProxyMetrics metrics, Clock clock,
                   Optional<IntrospectionClient> introspection, Optional<Duration> cacheTtl) {
        this.introspection = introspection;
        this.verifier = verifier;
        this.keys = keys;
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
        this.cacheTtl = cacheTtl;
    }

    /** @param vertx for the introspection client (RFC 7662), used only when {@code ace.introspection} is set */
    public static TokenAuthority create(AceConfig ace, ProxyMetrics metrics, Clock clock, Vertx vertx) throws KeyLoadException {
        KeyRing keys = new KeyRing(loadIssuers(ace));
        TokenVerifierConfig config = TokenVerifierConfig.builder(new HashSet<>(ace.audience()))
                .clockSkew(Duration.ofSeconds(ace.clockSkewSeconds())).build();
        SharedScopeParser scopes = new SharedScopeParser(AifScopeParser.INSTANCE);
        Optional<IntrospectionClient> introspection = ace.introspection().map(settings ->
                new IntrospectionClient(vertx, settings, config, scopes, clock));
        return new TokenAuthority(new TokenVerifier(config, keys, scopes, clock), keys,
                new InMemoryTokenStore(STORE_CAPACITY, clock), metrics, clock, introspection,
                ace.introspection().map(i -> Duration.ofSeconds(i.cacheSeconds())));
    }

    /** Loads every configured issuer's key file; the problems name the file and entry. */
    public static IssuerRegistry loadIssuers(AceConfig ace) throws KeyLoadException {
        List<TrustedIssuer> issuers = new ArrayList<>();
        for (AceConfig.IssuerConfig issuer : ace.issuers()) {
            issuers.add(new TrustedIssuer(issuer.issuer(), IssuerKeysLoader.load(issuer.keys())));
        }
        return new IssuerRegistry(issuers);
    }

    /** Verifies a self-contained token (RFC 9200 §5.10.1.1), timing it into ace_proxy_token_validation_seconds. */
    public VerificationResult verify(byte[] token) {
        long start = System.nanoTime();
        VerificationResult result = revocationChecked(verifier.verify(token));
        record(result, start);
        return result;
    }

    /** A verified token whose hash is in the Token Revocation List is refused (draft-ietf-ace-revoked-token-notification). */
    private VerificationResult revocationChecked(VerificationResult result) {
        if (result.isSuccess() && revocations.isRevoked(result.token().tokenSha256())) {
            metrics.revocation("trl").increment();
            return VerificationResult.failure(TokenDenyReason.REVOKED, "token hash listed in the TRL");
        }
        return result;
    }

    /** Whether a token accepted earlier (stored from authz-info, bound by a PSK/RPK handshake) is now revoked. */
    public boolean isRevoked(AccessToken token) {
        return revocations.isRevoked(token.tokenSha256());
    }

    public RevocationList revocations() {
        return revocations;
    }

    /** The introspection cache lifetime (RFC 9431 §2.4.2), when reference tokens are introspected. */
    public Optional<Duration> introspectionCacheTtl() {
        return cacheTtl;
    }

    /**
     * Verifies a self-contained token, or — when it is not a CWT at all and introspection is configured — asks the
     * AS (RFC 9200 §5.9; a reference token). The future may complete on another thread.
     */
    public Future<VerificationResult> verifyAny(byte[] token) {
        VerificationResult local = verify(token);
        if (local.isSuccess() || introspection.isEmpty() || !isNotACwt(local.reason())) {
            return Future.succeededFuture(local);
        }
        long start = System.nanoTime();
        return introspection.get().introspect(token).map(answer -> {
            VerificationResult result = revocationChecked(answer);
            record(result, start);
            // Only reference tokens keep their bytes, for re-introspection on live connections.
            return result.isSuccess() && result.token().isReference()
                    ? VerificationResult.success(result.token().withReferenceToken(token)) : result;
        });
    }

    private static boolean isNotACwt(TokenDenyReason reason) {
        return reason == TokenDenyReason.MALFORMED_CBOR || reason == TokenDenyReason.UNSUPPORTED_COSE_STRUCTURE;
    }

    private void record(VerificationResult result, long start) {
        String format = result.isSuccess() ? result.token().formatTag() : "invalid";
        Timer timer = metrics.tokenValidationTimer(format);
        timer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public TokenStore store() {
        return store;
    }

    public KeyRing keys() {
        return keys;
    }

    public Clock clock() {
        return clock;
    }

    /** The token's scope as the verifier parsed it. */
    static AifScope scopeOf(AccessToken token) {
        Object parsed = token.parsedScope();
        return parsed instanceof AifScope scope ? scope : AifScope.empty();
    }
}

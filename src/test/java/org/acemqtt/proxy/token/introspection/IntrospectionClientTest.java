package org.acemqtt.proxy.token.introspection;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.acemqtt.proxy.config.AceConfig;
import org.acemqtt.proxy.scope.AifScope;
import org.acemqtt.proxy.testsupport.NettyLeakGuard;
import org.acemqtt.proxy.testsupport.TestAs;
import org.acemqtt.proxy.testsupport.TestClaims;
import org.acemqtt.proxy.testsupport.TestKey;
import org.acemqtt.proxy.testsupport.TestPki;
import org.acemqtt.proxy.token.AccessToken;
import org.acemqtt.proxy.token.AifScopeParser;
import org.acemqtt.proxy.token.PopKey;
import org.acemqtt.proxy.token.ScopeClaim;
import org.acemqtt.proxy.token.TokenDenyReason;
import org.acemqtt.proxy.token.TokenVerifierConfig;
import org.acemqtt.proxy.token.VerificationResult;
import org.acemqtt.proxy.token.cbor.CborWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link IntrospectionClient} against {@link TestAs}, a real HTTPS introspection endpoint on 127.0.0.1. */
@ExtendWith(NettyLeakGuard.class)
class IntrospectionClientTest {
    private static final byte[] ED25519_X = ((org.bouncycastle.crypto.params.Ed25519PublicKeyParameters)
            TestKey.ed25519("pop").issuerKey().publicKey()).getEncoded();

    @TempDir
    static Path dir;
    static Vertx vertx;
    static TestPki pki;
    static TestAs as;

    final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    IntrospectionClient client;

    @BeforeAll
    static void startAs() throws Exception {
        vertx = Vertx.vertx();
        pki = TestPki.create(dir.resolve("pki"));
        as = TestAs.start(vertx, pki.serverCertificate(), pki.serverPrivateKey());
    }

    @AfterAll
    static void stopAs() throws Exception {
        as.close();
        await(vertx.close());
    }

    @BeforeEach
    void newClient() {
        client = client(config(as.endpoint(), TestAs.CLIENT_SECRET, 60, Optional.of(pki.caCertificate()),
                Duration.ofSeconds(5)), IntrospectionClient.Options.DEFAULT);
    }

    @AfterEach
    void closeClient() throws Exception {
        await(client.close());
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration d) {
            now.updateAndGet(i -> i.plus(d));
        }

        long epochSecond() {
            return now.get().getEpochSecond();
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    static AceConfig.Introspection config(String endpoint, String secret, int cacheSeconds, Optional<Path> trust,
                                          Duration timeout) {
        return new AceConfig.Introspection(URI.create(endpoint), TestAs.CLIENT_ID,
                secret.getBytes(StandardCharsets.UTF_8), cacheSeconds, trust, timeout);
    }

    IntrospectionClient client(AceConfig.Introspection config, IntrospectionClient.Options options) {
        return new IntrospectionClient(vertx, config, TokenVerifierConfig.builder(Set.of(TestClaims.AUDIENCE)).build(),
                AifScopeParser.INSTANCE, clock, options);
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    }

    static int tokenCounter;

    /** A fresh opaque reference token (random-looking bytes, not CBOR). */
    static byte[] token() {
        return ("ref-token-" + (++tokenCounter) + "-" + System.nanoTime()).getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code active: true} plus the claims a valid CWT of the tests would have (RFC 9200 Table 6 = CWT keys). */
    TestClaims active() {
        return TestClaims.valid(clock.epochSecond()).cnfEd25519(ED25519_X)
                .set(10, new CborWriter().bool(true).toByteArray());
    }

    VerificationResult introspect(byte[] token) throws Exception {
        return await(client.introspect(token));
    }

    byte[] registered(TestClaims claims) {
        byte[] token = token();
        as.answer(token, TestAs.Reply.cbor(claims.encode()));
        return token;
    }

    static void assertRefused(VerificationResult r, TokenDenyReason reason) {
        assertThat(r.isSuccess()).as(r.toString()).isFalse();
        assertThat(r.reason()).as(r.toString()).isEqualTo(reason);
    }

    // ---- grants ---------------------------------------------------------------------------------------------

    @Test
    void anActiveCborAnswerIsAGrantWithScopeAndCnf() throws Exception {
        int before = as.requests();
        byte[] token = registered(active().sub("device-7"));
        VerificationResult r = introspect(token);

        assertThat(r.isSuccess()).as(r.toString()).isTrue();
        AccessToken t = r.token();
        assertThat(t.isReference()).isTrue();
        assertThat(t.formatTag()).isEqualTo("reference");
        assertThat(t.format()).isNull();
        assertThat(t.issuer()).isEqualTo(TestClaims.ISSUER);
        assertThat(t.subject()).contains("device-7");
        assertThat(t.audience()).containsExactly(TestClaims.AUDIENCE);
        assertThat(t.expiresAt()).contains(clock.instant().plusSeconds(3600));
        assertThat(t.aceProfile()).contains(3);
        assertThat(t.scope().kind()).isEqualTo(ScopeClaim.Kind.BSTR_CBOR);
        AifScope scope = t.parsedScope(AifScope.class);
        assertThat(scope.mayPublish("topic1")).isTrue();
        assertThat(scope.mayPublish("topic2")).isFalse();
        assertThat(t.popKey()).isInstanceOfSatisfying(PopKey.Ed25519.class, k -> assertThat(k.x()).isEqualTo(ED25519_X));
        assertThat(t.tokenSha256()).isEqualTo(java.security.MessageDigest.getInstance("SHA-256").digest(token));
        assertThat(t.toString()).contains("reference");
        // the request itself: RFC 9200 §5.9.1 CBOR with token_type_hint, HTTP Basic checked by TestAs
        assertThat(as.requests()).isEqualTo(before + 1);
        assertThat(as.contentTypes.get(as.contentTypes.size() - 1)).isEqualTo("application/ace+cbor");
        assertThat(as.accepts.get(as.accepts.size() - 1)).contains("application/ace+cbor").contains("application/json");
        assertThat(as.hints.get(as.hints.size() - 1)).isEqualTo("pop");
    }

    @Test
    void anActiveJsonAnswerWithRfc7662NamesAndAJwkCnfIsTheSameGrant() throws Exception {
        byte[] token = token();
        String x = Base64.getUrlEncoder().withoutPadding().encodeToString(ED25519_X);
        as.answer(token, TestAs.Reply.json("""
                {"active": true, "iss": "%s", "sub": "device-8", "aud": ["other", "%s"], "exp": %d, "iat": %d,
                 "scope": "[[\\"topic1\\", [\\"pub\\", \\"sub\\"]]]", "ace_profile": "mqtt_tls",
                 "cti": "AQID", "token_type": "pop", "client_id": "c1", "unknown_member": {"x": 1},
                 "cnf": {"jwk": {"kty": "OKP", "crv": "Ed25519", "x": "%s", "kid": "k1"}}}"""
                .formatted(TestClaims.ISSUER, TestClaims.AUDIENCE, clock.epochSecond() + 600, clock.epochSecond(), x)));
        VerificationResult r = introspect(token);

        assertThat(r.isSuccess()).as(r.toString()).isTrue();
        AccessToken t = r.token();
        assertThat(t.subject()).contains("device-8");
        assertThat(t.audience()).containsExactly("other", TestClaims.AUDIENCE);
        assertThat(t.aceProfile()).contains(3);
        assertThat(t.cti()).hasValueSatisfying(c -> assertThat(c).containsExactly(1, 2, 3));
        assertThat(t.scope().kind()).isEqualTo(ScopeClaim.Kind.TEXT);
        assertThat(t.parsedScope(AifScope.class).maySubscribe("topic1")).isTrue();
        assertThat(t.popKey()).isInstanceOfSatisfying(PopKey.Ed25519.class, k -> {
            assertThat(k.x()).isEqualTo(ED25519_X);
            assertThat(k.kid()).isEqualTo("k1".getBytes(StandardCharsets.UTF_8));
        });
    }

    @Test
    void aJsonKidCnfAndASymmetricCborCnfAreAcceptedBecauseTheyCameOverTlsFromTheAs() throws Exception {
        byte[] kidToken = token();
        as.answer(kidToken, TestAs.Reply.json("""
                {"active": true, "aud": "%s", "scope": "[[\\"t\\", [\\"sub\\"]]]", "cnf": {"kid": "psk-1"}}"""
                .formatted(TestClaims.AUDIENCE)));
        VerificationResult kid = introspect(kidToken);
        assertThat(kid.isSuccess()).as(kid.toString()).isTrue();
        assertThat(kid.token().popKey()).isInstanceOfSatisfying(PopKey.KidReference.class,
                k -> assertThat(k.kid()).isEqualTo("psk-1".getBytes(StandardCharsets.UTF_8)));
        // no iss in the answer: the issuer is the endpoint's origin
        assertThat(kid.token().issuer()).isEqualTo("https://127.0.0.1:" + as.port());

        // RFC 9431 §2.1 wants a symmetric key encrypted inside a self-contained token; here it never left TLS.
        byte[] k = new byte[32];
        VerificationResult sym = introspect(registered(active().cnfSymmetric(k, new byte[] {9})));
        assertThat(sym.isSuccess()).as(sym.toString()).isTrue();
        assertThat(sym.token().popKey()).isInstanceOf(PopKey.Symmetric.class);
    }

    // ---- refusals by the AS ---------------------------------------------------------------------------------

    @Test
    void activeFalseIsInactiveInCborAndJson() throws Exception {
        assertRefused(introspect(token()), TokenDenyReason.INACTIVE); // TestAs: unknown token → {10: false}
        byte[] json = token();
        as.answer(json, TestAs.Reply.json("{\"active\": false}"));
        assertRefused(introspect(json), TokenDenyReason.INACTIVE);
    }

    @Test
    void aWrongClientSecretGets401AndTheTokenIsRefused() throws Exception {
        byte[] token = registered(active());
        IntrospectionClient wrong = client(config(as.endpoint(), "not-the-secret", 60, Optional.of(pki.caCertificate()),
                Duration.ofSeconds(5)), IntrospectionClient.Options.DEFAULT);
        try {
            VerificationResult r = await(wrong.introspect(token));
            assertRefused(r, TokenDenyReason.INTROSPECTION_UNAVAILABLE);
            assertThat(r.detail()).contains("401").contains("clientSecret");
            assertThat(wrong.cached(token)).isEmpty();
        } finally {
            await(wrong.close());
        }
    }

    @Test
    void aServerErrorOrAnotherStatusIsUnavailableNeverAGrant() throws Exception {
        for (int status : new int[] {500, 503, 400, 403, 302, 204}) {
            byte[] token = token();
            as.answer(token, new TestAs.Reply(status, "application/ace+cbor", active().encode(), 0));
            VerificationResult r = introspect(token);
            assertRefused(r, TokenDenyReason.INTROSPECTION_UNAVAILABLE);
            assertThat(r.detail()).contains(String.valueOf(status));
        }
    }

    // ---- the AS cannot be used (RFC 9200 §6.10) -------------------------------------------------------------

    @Test
    void anUnreachableEndpointIsUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        IntrospectionClient down = client(config("https://127.0.0.1:" + closedPort + "/introspect", TestAs.CLIENT_SECRET,
                60, Optional.of(pki.caCertificate()), Duration.ofSeconds(5)), IntrospectionClient.Options.DEFAULT);
        try {
            VerificationResult r = await(down.introspect(token()));
            assertRefused(r, TokenDenyReason.INTROSPECTION_UNAVAILABLE);
            assertThat(r.detail()).startsWith("cannot reach");
        } finally {
            await(down.close());
        }
    }

    @Test
    void aSlowAsTimesOutWithinTheConfiguredTimeout() throws Exception {
        IntrospectionClient impatient = client(config(as.endpoint(), TestAs.CLIENT_SECRET, 60,
                Optional.of(pki.caCertificate()), Duration.ofMillis(400)), IntrospectionClient.Options.DEFAULT);
        try {
            byte[] never = token();
            as.answer(never, TestAs.Reply.cbor(active().encode()).delayed(-1));
            byte[] slow = token();
            as.answer(slow, TestAs.Reply.cbor(active().encode()).delayed(1500));
            long start = System.nanoTime();
            VerificationResult r1 = await(impatient.introspect(never));
            VerificationResult r2 = await(impatient.introspect(slow));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertRefused(r1, TokenDenyReason.INTROSPECTION_UNAVAILABLE);
            assertRefused(r2, TokenDenyReason.INTROSPECTION_UNAVAILABLE);
            assertThat(r1.detail()).contains("400 ms");
            assertThat(ms).isLessThan(2500);
            assertThat(impatient.cached(slow)).isEmpty();
        } finally {
            await(impatient.close());
        }
    }

    static Object[][] garbled() {
        byte[] active = new CborWriter().mapHeader(1).integer(10).bool(true).toByteArray();
        byte[] trailing = java.util.Arrays.copyOf(active, active.length + 1);
        return new Object[][] {
            {"not CBOR at all", TestAs.Reply.cbor(new byte[] {(byte) 0xff, 0x00})},
            {"truncated map", TestAs.Reply.cbor(java.util.Arrays.copyOf(active, active.length - 1))},
            {"trailing garbage", TestAs.Reply.cbor(trailing)},
            {"an array, not a map", TestAs.Reply.cbor(new CborWriter().arrayHeader(1).bool(true).toByteArray())},
            {"no active member", TestAs.Reply.cbor(new CborWriter().mapHeader(1).integer(9).text("x").toByteArray())},
            {"active is 1, not true", TestAs.Reply.cbor(new CborWriter().mapHeader(1).integer(10).integer(1).toByteArray())},
            {"duplicate active key", TestAs.Reply.cbor(new CborWriter().mapHeader(2).integer(10).bool(false)
                    .integer(10).bool(true).toByteArray())},
            {"empty body", TestAs.Reply.cbor(new byte[0])},
            {"JSON not an object", TestAs.Reply.json("[true]")},
            {"JSON truncated", TestAs.Reply.json("{\"active\": tr")},
            {"JSON active as string", TestAs.Reply.json("{\"active\": \"true\"}")},
            {"JSON duplicate member", TestAs.Reply.json("{\"active\": false, \"active\": true}")},
            {"HTML", new TestAs.Reply(200, "text/html", "<h1>active</h1>".getBytes(StandardCharsets.UTF_8), 0)},
            {"too large", TestAs.Reply.json("{\"active\": true, \"pad\": \"" + "x".repeat(70_000) + "\"}")},
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbled")
    void aGarbledAnswerIsUnavailableNotAGrant(String name, TestAs.Reply reply) throws Exception {
        byte[] token = token();
        as.answer(token, reply);
        VerificationResult r = introspect(token);
        assertRefused(r, TokenDenyReason.INTROSPECTION_UNAVAILABLE);
        assertThat(r.detail()).startsWith("unusable answer");
    }

    @Test
    void anUntrustedCertificateIsRefused() throws Exception {
        TestPki otherCa = TestPki.create(dir.resolve("other-pki"));
        IntrospectionClient distrustful = client(config(as.endpoint(), TestAs.CLIENT_SECRET, 60,
                Optional.of(otherCa.caCertificate()), Duration.ofSeconds(5)), IntrospectionClient.Options.DEFAULT);
        try {
            byte[] token = registered(active());
            int before = as.requests();
            assertRefused(await(distrustful.introspect(token)), TokenDenyReason.INTROSPECTION_UNAVAILABLE);
            assertThat(as.requests()).isEqualTo(before); // the token never left the proxy
        } finally {
            await(distrustful.close());
        }
    }

    @Test
    void withoutATrustStoreTheJvmDefaultsApplyAndATestCaIsNotTrusted() throws Exception {
        IntrospectionClient defaults = client(config(as.endpoint(), TestAs.CLIENT_SECRET, 60, Optional.empty(),
                Duration.ofSeconds(5)), IntrospectionClient.Options.DEFAULT);
        try {
            assertRefused(await(defaults.introspect(registered(active()))), TokenDenyReason.INTROSPECTION_UNAVAILABLE);
        } finally {
            await(defaults.close());
        }
    }

    @Test
    void aTrustedCertificateForAnotherHostNameIsRefused() throws Exception {
        OtherNameCertificate other = OtherNameCertificate.create(dir.resolve("other-name"));
        try (TestAs misnamed = TestAs.start(vertx, other.serverPem(), other.serverKey())) {
            byte[] token = token();
            misnamed.answer(token, TestAs.Reply.cbor(active().encode()));
            IntrospectionClient c = client(config(misnamed.endpoint(), TestAs.CLIENT_SECRET, 60,
                    Optional.of(other.caPem()), Duration.ofSeconds(5)), IntrospectionClient.Options.DEFAULT);
            try {
                VerificationResult r = await(c.introspect(token));
                assertRefused(r, TokenDenyReason.INTROSPECTION_UNAVAILABLE);
                assertThat(misnamed.requests()).isZero();
            } finally {
                await(c.close());
            }
        }
    }

    // ---- the same claim checks as self-contained tokens ----------------------------------------------------

    @Test
    void anExpiredExpInTheAnswerIsRefused() throws Exception {
        assertRefused(introspect(registered(active().exp(clock.epochSecond() - 60))), TokenDenyReason.EXPIRED);
        // within the clock skew (5 s) it still passes, as for a CWT
        assertThat(introspect(registered(active().exp(clock.epochSecond() - 2))).isSuccess()).isTrue();
        assertRefused(introspect(registered(active().nbf(clock.epochSecond() + 60))), TokenDenyReason.NOT_YET_VALID);
    }

    @Test
    void aWrongAudienceIsRefused() throws Exception {
        assertRefused(introspect(registered(active().aud("mqtts://other.example"))), TokenDenyReason.AUDIENCE_MISMATCH);
        assertRefused(introspect(registered(active().remove(3))), TokenDenyReason.MISSING_AUDIENCE);
    }

    @Test
    void scopeProfileCnfAndClaimTypesAreCheckedAsForACwt() throws Exception {
        assertRefused(introspect(registered(active().remove(9))), TokenDenyReason.MISSING_SCOPE);
        assertRefused(introspect(registered(active().scopeText("not aif"))), TokenDenyReason.MALFORMED_SCOPE);
        assertRefused(introspect(registered(active().aceProfile(1))), TokenDenyReason.PROFILE_MISMATCH);
        assertRefused(introspect(registered(active().remove(8))), TokenDenyReason.MISSING_CNF);
        assertRefused(introspect(registered(active().set(8, new CborWriter().mapHeader(1).integer(1).mapHeader(1)
                .integer(1).integer(2).toByteArray()))), TokenDenyReason.MALFORMED_CNF);
        assertRefused(introspect(registered(active().set(4, new CborWriter().text("tomorrow").toByteArray()))),
                TokenDenyReason.MALFORMED_CLAIMS);
        // an Encrypted_COSE_Key needs the AS's keys, which this client was not given
        assertRefused(introspect(registered(active().cnfEncrypted(new CborWriter().arrayHeader(3).bytes(new byte[0])
                .mapHeader(0).bytes(new byte[16]).toByteArray()))), TokenDenyReason.UNSUPPORTED_POP_KEY);
        byte[] json = token();
        as.answer(json, TestAs.Reply.json("""
                {"active": true, "aud": "%s", "exp": "soon", "scope": "[[\\"t\\", [\\"sub\\"]]]", "cnf": {"kid": "a"}}"""
                .formatted(TestClaims.AUDIENCE)));
        assertRefused(introspect(json), TokenDenyReason.MALFORMED_CLAIMS);
        byte[] priv = token();
        as.answer(priv, TestAs.Reply.json("""
                {"active": true, "aud": "%s", "scope": "[[\\"t\\", [\\"sub\\"]]]",
                 "cnf": {"jwk": {"kty": "OKP", "crv": "Ed25519", "x": "%s", "d": "%s"}}}"""
                .formatted(TestClaims.AUDIENCE, Base64.getUrlEncoder().encodeToString(ED25519_X),
                        Base64.getUrlEncoder().encodeToString(new byte[32]))));
        assertRefused(introspect(priv), TokenDenyReason.MALFORMED_CNF);
    }

    @Test
    void anIssNotAmongTheAcceptedIssuersIsRefused() throws Exception {
        IntrospectionClient strict = client(config(as.endpoint(), TestAs.CLIENT_SECRET, 60,
                Optional.of(pki.caCertificate()), Duration.ofSeconds(5)),
                new IntrospectionClient.Options(Set.of("https://as.other.example"), null, 100, 64 * 1024));
        try {
            assertRefused(await(strict.introspect(registered(active()))), TokenDenyReason.ISSUER_MISMATCH);
            assertThat(await(strict.introspect(registered(active().iss("https://as.other.example")))).isSuccess()).isTrue();
            assertThat(await(strict.introspect(registered(active().remove(1)))).isSuccess()).isTrue(); // iss optional
        } finally {
            await(strict.close());
        }
    }

    @Test
    void tooLargeOrEmptyTokensAreRefusedWithoutAsking() throws Exception {
        int before = as.requests();
        assertRefused(introspect(new byte[TokenVerifierConfig.DEFAULT_MAX_TOKEN_BYTES + 1]), TokenDenyReason.TOO_LARGE);
        assertThat(introspect(new byte[0]).isSuccess()).isFalse();
        assertThat(as.requests()).isEqualTo(before);
    }

    // ---- cache ---------------------------------------------------------------------------------------------

    @Test
    void aGrantIsCachedSoTheSecondCallDoesNotAskTheAs() throws Exception {
        byte[] token = registered(active());
        assertThat(client.cached(token)).isEmpty();
        VerificationResult first = introspect(token);
        int after = as.requests();
        VerificationResult second = introspect(token);
        assertThat(second.isSuccess()).isTrue();
        assertThat(second.token()).isSameAs(first.token());
        assertThat(as.requests()).isEqualTo(after);
        assertThat(client.cached(token)).hasValueSatisfying(r -> assertThat(r.token()).isSameAs(first.token()));
        assertThat(client.exchanges()).isEqualTo(1);

        assertThat(client.invalidate(token)).isTrue();
        assertThat(client.cached(token)).isEmpty();
        assertThat(introspect(token).isSuccess()).isTrue();
        assertThat(as.requests()).isEqualTo(after + 1);
    }

    @Test
    void theCacheEntryExpiresAfterCacheSeconds() throws Exception {
        byte[] token = registered(active()); // exp in 1 h, cacheSeconds 60
        introspect(token);
        int after = as.requests();
        clock.advance(Duration.ofSeconds(59));
        assertThat(client.cached(token)).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(client.cached(token)).isEmpty();
        assertThat(introspect(token).isSuccess()).isTrue();
        assertThat(as.requests()).isEqualTo(after + 1);
    }

    @Test
    void theCacheEntryNeverOutlivesTheTokensExpOrExi() throws Exception {
        byte[] token = registered(active().exp(clock.epochSecond() + 10)); // before cacheSeconds (60) runs out
        assertThat(introspect(token).isSuccess()).isTrue();
        clock.advance(Duration.ofSeconds(9));
        assertThat(client.cached(token)).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(client.cached(token)).isEmpty();
        // asking again: the AS still says active, but the claim check sees exp passed (beyond the skew)
        clock.advance(Duration.ofSeconds(10));
        assertRefused(introspect(token), TokenDenyReason.EXPIRED);

        byte[] exi = registered(active().remove(4).exi(20));
        assertThat(introspect(exi).isSuccess()).isTrue();
        clock.advance(Duration.ofSeconds(20));
        assertThat(client.cached(exi)).isEmpty();
    }

    @Test
    void refusalsAreNotCached() throws Exception {
        byte[] inactive = token();
        int before = as.requests();
        assertRefused(introspect(inactive), TokenDenyReason.INACTIVE);
        assertRefused(introspect(inactive), TokenDenyReason.INACTIVE);
        assertThat(as.requests()).isEqualTo(before + 2);
        assertThat(client.cached(inactive)).isEmpty();
        assertThat(client.cacheSize()).isZero();
        // the AS becomes usable again: the next call is a fresh exchange, not a remembered failure
        byte[] flaky = token();
        as.answer(flaky, new TestAs.Reply(503, "text/plain", new byte[0], 0));
        assertRefused(introspect(flaky), TokenDenyReason.INTROSPECTION_UNAVAILABLE);
        as.answer(flaky, TestAs.Reply.cbor(active().encode()));
        assertThat(introspect(flaky).isSuccess()).isTrue();
    }

    @Test
    void cacheSecondsZeroDisablesTheCache() throws Exception {
        IntrospectionClient uncached = client(config(as.endpoint(), TestAs.CLIENT_SECRET, 0,
                Optional.of(pki.caCertificate()), Duration.ofSeconds(5)), IntrospectionClient.Options.DEFAULT);
        try {
            byte[] token = registered(active());
            int before = as.requests();
            assertThat(await(uncached.introspect(token)).isSuccess()).isTrue();
            assertThat(await(uncached.introspect(token)).isSuccess()).isTrue();
            assertThat(as.requests()).isEqualTo(before + 2);
            assertThat(uncached.cached(token)).isEmpty();
        } finally {
            await(uncached.close());
        }
    }

    @Test
    void theCacheIsBoundedLeastRecentlyUsedFirst() throws Exception {
        IntrospectionClient small = client(config(as.endpoint(), TestAs.CLIENT_SECRET, 60,
                Optional.of(pki.caCertificate()), Duration.ofSeconds(5)),
                new IntrospectionClient.Options(Set.of(), null, 2, 64 * 1024));
        try {
            byte[] a = registered(active());
            byte[] b = registered(active());
            byte[] c = registered(active());
            await(small.introspect(a));
            await(small.introspect(b));
            await(small.introspect(a)); // a is now the most recently used
            await(small.introspect(c));
            assertThat(small.cacheSize()).isEqualTo(2);
            assertThat(small.cached(a)).isPresent();
            assertThat(small.cached(b)).isEmpty();
            assertThat(small.cached(c)).isPresent();
        } finally {
            await(small.close());
        }
    }

    // ---- collapsing and contexts -----------------------------------------------------------------------------

    @Test
    void concurrentIntrospectionOfOneTokenIsOneHttpRequest() throws Exception {
        byte[] token = token();
        as.answer(token, TestAs.Reply.cbor(active().encode()).delayed(300));
        int before = as.requests();
        Future<VerificationResult> f1 = client.introspect(token);
        Future<VerificationResult> f2 = client.introspect(token);
        Future<VerificationResult> f3 = client.introspect(token.clone());
        VerificationResult r1 = await(f1);
        VerificationResult r2 = await(f2);
        VerificationResult r3 = await(f3);
        assertThat(r1.isSuccess()).isTrue();
        assertThat(r2.token()).isSameAs(r1.token());
        assertThat(r3.token()).isSameAs(r1.token());
        assertThat(as.requests()).isEqualTo(before + 1);
        assertThat(client.exchanges()).isEqualTo(1);
        assertThat(client.collapsedCalls()).isEqualTo(2);
        // a different token is not collapsed with it
        byte[] other = registered(active());
        assertThat(await(client.introspect(other)).isSuccess()).isTrue();
        assertThat(client.exchanges()).isEqualTo(2);
    }

    @Test
    void collapsedCallersAreCompletedOnTheirOwnContexts() throws Exception {
        byte[] token = token();
        as.answer(token, TestAs.Reply.cbor(active().encode()).delayed(200));
        Context c1 = vertx.getOrCreateContext();
        Context c2 = vertx.getOrCreateContext();
        CompletableFuture<Boolean> on1 = new CompletableFuture<>();
        CompletableFuture<Boolean> on2 = new CompletableFuture<>();
        AtomicInteger successes = new AtomicInteger();
        c1.runOnContext(v -> client.introspect(token).onComplete(ar -> {
            if (ar.result().isSuccess()) {
                successes.incrementAndGet();
            }
            on1.complete(Vertx.currentContext() == c1);
        }));
        c2.runOnContext(v -> client.introspect(token).onComplete(ar -> {
            if (ar.result().isSuccess()) {
                successes.incrementAndGet();
            }
            on2.complete(Vertx.currentContext() == c2);
        }));
        assertThat(on1.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(on2.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(successes.get()).isEqualTo(2);
        assertThat(client.exchanges()).isEqualTo(1);
    }
}

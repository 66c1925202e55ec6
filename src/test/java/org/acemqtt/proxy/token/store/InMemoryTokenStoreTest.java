package org.acemqtt.proxy.token.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.acemqtt.proxy.token.AccessToken;
import org.acemqtt.proxy.token.PopKey;
import org.acemqtt.proxy.token.cose.CoseType;
import org.junit.jupiter.api.Test;

class InMemoryTokenStoreTest {
    private static final long NOW = 1_700_000_000L;
    private final AtomicLong seconds = new AtomicLong(NOW);
    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return Instant.ofEpochSecond(seconds.get()); }
    };
    private static int counter;

    private static AccessToken token(PopKey key, long exp, long iat) {
        byte[] hash = new byte[32];
        hash[0] = (byte) ++counter;
        hash[1] = (byte) (counter >> 8);
        return new AccessToken.Builder().issuer("as").receivedAt(Instant.ofEpochSecond(NOW))
                .expiresAt(Instant.ofEpochSecond(exp)).issuedAt(Instant.ofEpochSecond(iat)).popKey(key)
                .tokenSha256(hash).format(CoseType.SIGN1, false).build();
    }

    private static PopKey ed(int n) {
        byte[] x = new byte[32];
        x[0] = (byte) n;
        x[1] = (byte) (n >> 8);
        return new PopKey.Ed25519(x, null, null);
    }

    @Test
    void aTokenIsFoundByItsKidAndByItsPublicKeyHash() {
        var store = new InMemoryTokenStore(10, clock);
        PopKey psk = new PopKey.Symmetric(new byte[16], "psk1".getBytes(), null);
        PopKey rpk = ed(1);
        assertThat(store.put(token(psk, NOW + 60, NOW))).isEqualTo(TokenStore.Outcome.STORED);
        assertThat(store.put(token(rpk, NOW + 60, NOW))).isEqualTo(TokenStore.Outcome.STORED);
        assertThat(store.findByKid("psk1".getBytes())).isPresent();
        assertThat(store.findByPublicKeySha256(rpk.publicKeySha256())).isPresent();
        assertThat(store.findByKid("other".getBytes())).isEmpty();
    }

    @Test
    void aNewerTokenForTheSamePopKeySupersedesTheOlderOne() {
        var store = new InMemoryTokenStore(10, clock);
        AccessToken first = token(ed(1), NOW + 60, NOW);
        AccessToken second = token(ed(1), NOW + 120, NOW + 1);
        store.put(first);
        assertThat(store.put(second)).isEqualTo(TokenStore.Outcome.SUPERSEDED);
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.findByPublicKeySha256(ed(1).publicKeySha256())).containsSame(second);
    }

    @Test
    void anOlderTokenReplayedForTheSameKeyDoesNotReplaceTheHeldOne() {
        var store = new InMemoryTokenStore(10, clock);
        AccessToken newer = token(ed(1), NOW + 120, NOW + 10);
        store.put(newer);
        assertThat(store.put(token(ed(1), NOW + 60, NOW))).isEqualTo(TokenStore.Outcome.OLDER_THAN_HELD);
        assertThat(store.findByPublicKeySha256(ed(1).publicKeySha256())).containsSame(newer);
    }

    @Test
    void theSameTokenTwiceIsStoredOnce() {
        var store = new InMemoryTokenStore(10, clock);
        AccessToken t = token(ed(1), NOW + 60, NOW);
        store.put(t);
        assertThat(store.put(t)).isEqualTo(TokenStore.Outcome.ALREADY_STORED);
    }

    @Test
    void expiredTokensAreNeverReturnedAndArePurged() {
        var store = new InMemoryTokenStore(10, clock);
        store.put(token(ed(1), NOW + 60, NOW));
        store.put(token(ed(2), NOW + 600, NOW));
        seconds.set(NOW + 60);
        assertThat(store.findByPublicKeySha256(ed(1).publicKeySha256())).isEmpty();
        assertThat(store.purgeExpired()).isEqualTo(0);
        assertThat(store.size()).isEqualTo(1);
        seconds.set(NOW + 600);
        assertThat(store.purgeExpired()).isEqualTo(1);
        assertThat(store.put(token(ed(3), NOW + 5, NOW))).isEqualTo(TokenStore.Outcome.NOT_STORABLE);
    }

    @Test
    void aFullStoreEvictsExpiredTokensFirstThenTheSoonestToExpire() {
        var store = new InMemoryTokenStore(2, clock);
        store.put(token(ed(1), NOW + 10, NOW));
        store.put(token(ed(2), NOW + 1000, NOW));
        seconds.set(NOW + 10);
        assertThat(store.put(token(ed(3), NOW + 500, NOW))).isEqualTo(TokenStore.Outcome.STORED);
        assertThat(store.evictions()).isZero();
        assertThat(store.put(token(ed(4), NOW + 2000, NOW))).isEqualTo(TokenStore.Outcome.STORED_AFTER_EVICTION);
        assertThat(store.evictions()).isEqualTo(1);
        assertThat(store.findByPublicKeySha256(ed(3).publicKeySha256())).isEmpty();
        assertThat(store.findByPublicKeySha256(ed(2).publicKeySha256())).isPresent();
        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void concurrentPutsAndLookupsFromSeveralThreadsStayConsistent() throws Exception {
        var store = new InMemoryTokenStore(500, clock);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int base = t * 1000;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 1000; i++) {
                        store.put(token(ed(base + i), NOW + 60 + i, NOW));
                        store.findByPublicKeySha256(ed(base + i / 2).publicKeySha256());
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(store.size()).isEqualTo(500);
        assertThat(store.evictions()).isEqualTo(3500);
    }
}

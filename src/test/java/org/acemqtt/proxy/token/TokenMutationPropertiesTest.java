package org.acemqtt.proxy.token;

import static org.acemqtt.proxy.token.TokenVerifierRefusalTest.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.acemqtt.proxy.testsupport.TestTokens;
import org.acemqtt.proxy.token.cbor.CborArray;
import org.acemqtt.proxy.token.cbor.CborBytes;
import org.acemqtt.proxy.token.cbor.CborReader;
import org.acemqtt.proxy.token.cbor.CborTag;

/**
 * Random mutations of valid tokens. Anywhere in the token: the verifier answers with a result and never throws;
 * a mutated token that still verifies can only differ in an unprotected header (COSE does not protect that
 * bucket), so its claims equal the original's. Inside the protected bucket, payload, signature or tag: never valid.
 */
class TokenMutationPropertiesTest {
    private static final List<byte[]> TOKENS = List.of(TestTokens.sign1(ES256).claims(valid()).build(),
            TestTokens.sign1(ED).claims(valid()).tag61().build(), TestTokens.mac0(HS).claims(valid()).build(),
            TestTokens.encrypt0(GCM).claims(valid()).build());

    @Property(tries = 1500)
    void mutationsAnywhereNeverCrashAndNeverChangeVerifiedClaims(@ForAll("anywhere") byte[] mutated) {
        VerificationResult r = verify(mutated);
        if (r.isSuccess()) {
            assertThat(TOKENS.stream().anyMatch(t -> sameClaims(t, r.token()))).isTrue();
        } else {
            assertThat(r.reason()).isNotNull();
        }
    }

    @Property(tries = 1500)
    void mutationsOfProtectedPartsNeverVerify(@ForAll("protectedParts") byte[] mutated) {
        VerificationResult r = verify(mutated);
        assertThat(r.isSuccess()).as(r.toString()).isFalse();
    }

    private static boolean sameClaims(byte[] original, AccessToken t) {
        AccessToken o = verify(original).token();
        return o.scope().equals(t.scope()) && o.audience().equals(t.audience()) && o.expiresAt().equals(t.expiresAt())
                && Arrays.equals(o.popKey().publicKeySha256(), t.popKey().publicKeySha256());
    }

    @Provide
    Arbitrary<byte[]> anywhere() {
        return Combinators.combine(Arbitraries.of(TOKENS), Arbitraries.integers().between(0, 10_000),
                Arbitraries.bytes(), Arbitraries.integers().between(0, 3)).as((t, pos, b, kind) -> {
                    int at = pos % t.length;
                    return switch (kind) {
                        case 0 -> replace(t, at, b);
                        case 1 -> insert(t, at, b);
                        case 2 -> delete(t, at);
                        default -> Arrays.copyOf(t, at);
                    };
                }).filter(m -> TOKENS.stream().noneMatch(t -> Arrays.equals(t, m)));
    }

    @Provide
    Arbitrary<byte[]> protectedParts() {
        return Combinators.combine(Arbitraries.of(TOKENS), Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(1, 255)).as((t, pos, xor) -> {
                    List<CborBytes> parts = signedParts(t);
                    int total = parts.stream().mapToInt(CborBytes::length).sum();
                    int k = pos % total;
                    for (CborBytes p : parts) {
                        if (k < p.length()) {
                            byte[] m = t.clone();
                            m[p.offset() + k] ^= (byte) (int) xor;
                            return m;
                        }
                        k -= p.length();
                    }
                    throw new IllegalStateException();
                });
    }

    private static List<CborBytes> signedParts(byte[] token) {
        try {
            var item = CborReader.decode(token);
            while (item instanceof CborTag tag) {
                item = tag.content();
            }
            CborArray a = (CborArray) item;
            return a.size() == 4 ? List.of((CborBytes) a.get(0), (CborBytes) a.get(2), (CborBytes) a.get(3))
                    : List.of((CborBytes) a.get(0), (CborBytes) a.get(2));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] replace(byte[] t, int at, byte b) {
        byte[] m = t.clone();
        m[at] = b;
        return m;
    }

    private static byte[] insert(byte[] t, int at, byte b) {
        byte[] m = new byte[t.length + 1];
        System.arraycopy(t, 0, m, 0, at);
        m[at] = b;
        System.arraycopy(t, at, m, at + 1, t.length - at);
        return m;
    }

    private static byte[] delete(byte[] t, int at) {
        byte[] m = new byte[t.length - 1];
        System.arraycopy(t, 0, m, 0, at);
        System.arraycopy(t, at + 1, m, at, t.length - at - 1);
        return m;
    }
}

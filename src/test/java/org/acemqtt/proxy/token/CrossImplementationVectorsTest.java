package org.acemqtt.proxy.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.acemqtt.proxy.scope.AifScope;
import org.acemqtt.proxy.token.cose.CoseType;
import org.acemqtt.proxy.token.keys.IssuerKey;
import org.acemqtt.proxy.token.keys.IssuerRegistry;
import org.acemqtt.proxy.token.keys.KeyRing;
import org.acemqtt.proxy.token.keys.TrustedIssuer;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 3's cross-check: tokens made by COSE implementations independent of this verifier (the JavaScript libraries
 * {@code @ldclabs/cose-ts} and {@code cose-js}), committed as {@code src/test/resources/cose-crosscheck/vectors.json}
 * together with the generator and the command that made them (see that directory's README). Each positive vector
 * must verify and decode to the claims the generator wrote; each negative one must be refused for the stated
 * {@link TokenDenyReason}.
 */
class CrossImplementationVectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final JsonNode FILE = load("/cose-crosscheck/vectors.json");
    private static final JsonNode CLAIMS = FILE.get("claims");
    private static final String ISSUER = FILE.get("issuer").asText();
    private static final String AUDIENCE = FILE.get("audience").asText();
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(FILE.get("verifyAt").asLong()), ZoneOffset.UTC);
    private static final TokenVerifier VERIFIER = new TokenVerifier(TokenVerifierConfig.builder(Set.of(AUDIENCE)).build(),
            new KeyRing(IssuerRegistry.of(new TrustedIssuer(ISSUER, issuerKeys()))), AifScopeParser.INSTANCE, CLOCK);

    private static JsonNode load(String resource) {
        try (InputStream in = CrossImplementationVectorsTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The generator's issuer keys: EC2 P-256, Ed25519 and symmetric, each with its kid and COSE alg. */
    private static List<IssuerKey> issuerKeys() {
        List<IssuerKey> keys = new ArrayList<>();
        for (JsonNode k : FILE.get("issuerKeys")) {
            byte[] kid = k.get("kid").asText().getBytes(StandardCharsets.UTF_8);
            Integer alg = k.get("alg").asInt();
            keys.add(switch (k.get("kty").asText()) {
                case "EC2" -> IssuerKey.ec2(kid, alg, k.get("crv").asInt(), hex(k, "x"), hex(k, "y"));
                case "OKP" -> IssuerKey.ed25519(kid, alg, hex(k, "x"));
                case "Symmetric" -> IssuerKey.symmetric(kid, alg, hex(k, "k"));
                default -> throw new IllegalArgumentException("kty " + k.get("kty"));
            });
        }
        return keys;
    }

    private static byte[] hex(JsonNode node, String field) {
        return HEX.parseHex(node.get(field).asText());
    }

    private static Stream<JsonNode> vectors() {
        return StreamSupport.stream(FILE.get("vectors").spliterator(), false);
    }

    private static Stream<Named<JsonNode>> named(boolean positive) {
        return vectors().filter(v -> v.get("expect").asText().equals("success") == positive)
                .map(v -> Named.of(v.get("name").asText() + " (" + v.get("library").asText() + ")", v));
    }

    static Stream<Named<JsonNode>> positiveVectors() {
        return named(true);
    }

    static Stream<Named<JsonNode>> negativeVectors() {
        return named(false);
    }

    private static CoseType format(JsonNode v) {
        return switch (v.get("structure").asText()) {
            case "COSE_Sign1" -> CoseType.SIGN1;
            case "COSE_Mac0" -> CoseType.MAC0;
            case "COSE_Encrypt0" -> CoseType.ENCRYPT0;
            default -> throw new IllegalArgumentException(v.get("structure").asText());
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("positiveVectors")
    void positiveVectorVerifiesAndDecodesToTheGeneratedClaims(JsonNode v) throws NoSuchAlgorithmException {
        byte[] token = hex(v, "token");
        VerificationResult r = VERIFIER.verify(token);
        assertThat(r.isSuccess()).as(v.get("name") + ": " + r).isTrue();
        AccessToken t = r.token();

        assertThat(t.issuer()).isEqualTo(CLAIMS.get("iss").asText());
        assertThat(t.audience()).containsExactly(CLAIMS.get("aud").asText());
        assertThat(t.expiresAt()).contains(Instant.ofEpochSecond(CLAIMS.get("exp").asLong()));
        assertThat(t.issuedAt()).contains(Instant.ofEpochSecond(CLAIMS.get("iat").asLong()));
        assertThat(t.notBefore()).isEmpty();
        assertThat(t.subject()).isEmpty();
        assertThat(t.cti()).isEmpty();
        assertThat(t.aceProfile()).contains(CLAIMS.get("aceProfile").asInt());

        assertThat(t.scope().kind()).isEqualTo(ScopeClaim.Kind.BSTR_CBOR);
        assertThat(t.scope().bytes()).isEqualTo(hex(CLAIMS, "scope"));
        AifScope scope = t.parsedScope(AifScope.class);
        assertThat(scope.mayPublish("topic1")).isTrue();
        assertThat(scope.maySubscribe("topic1")).isTrue();
        assertThat(scope.mayReceive("topic1")).isTrue();
        assertThat(scope.mayPublish("topic2")).isFalse();
        assertThat(scope.maySubscribe("#")).isFalse();

        assertThat(t.popKey()).isInstanceOf(PopKey.Ed25519.class);
        assertThat(((PopKey.Ed25519) t.popKey()).x()).isEqualTo(hex(CLAIMS, "cnfEd25519X"));
        assertThat(t.popKey().kid()).isNull();

        assertThat(t.format()).isEqualTo(format(v));
        assertThat(t.encrypted()).isEqualTo(format(v) == CoseType.ENCRYPT0);
        assertThat(t.tokenSha256()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(token));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("negativeVectors")
    void negativeVectorIsRefusedForTheStatedReason(JsonNode v) {
        VerificationResult r = VERIFIER.verify(hex(v, "token"));
        assertThat(r.isSuccess()).as(v.get("name").asText()).isFalse();
        assertThat(r.reason()).as(v.get("name") + ": " + r).isEqualTo(TokenDenyReason.valueOf(v.get("expect").asText()));
    }

    /** The last byte of every message is inside its signature, MAC tag or AEAD ciphertext/tag. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("positiveVectors")
    void positiveVectorWithItsLastBitFlippedIsRefused(JsonNode v) {
        byte[] token = hex(v, "token");
        token[token.length - 1] ^= 0x01;
        TokenDenyReason expected = switch (format(v)) {
            case SIGN1 -> TokenDenyReason.BAD_SIGNATURE;
            case MAC0 -> TokenDenyReason.BAD_MAC;
            case ENCRYPT0 -> TokenDenyReason.DECRYPTION_FAILED;
        };
        assertThat(VERIFIER.verify(token).reason()).as(v.get("name").asText()).isEqualTo(expected);
    }

    /** Guards the committed file: a regenerated one must still cover everything issue 3 asked for. */
    @Test
    void vectorFileCoversEveryRequestedStructureAlgorithmAndRefusal() {
        Set<String> positive = new HashSet<>();
        Set<String> refusals = new HashSet<>();
        Set<String> libraries = new HashSet<>();
        boolean cwtTag = false;
        boolean nested = false;
        for (JsonNode v : (Iterable<JsonNode>) vectors()::iterator) {
            libraries.add(v.get("library").asText().split(" ")[0]);
            List<Integer> tags = new ArrayList<>();
            v.get("tags").forEach(n -> tags.add(n.asInt()));
            byte[] token = hex(v, "token");
            int coseTag = tags.get(tags.size() - 1);
            assertThat(coseTag).isEqualTo(format(v).tag());
            if (tags.size() == 2) {
                assertThat(tags.get(0)).isEqualTo(61);
                assertThat(token[0] & 0xff).isEqualTo(0xd8);
                assertThat(token[1] & 0xff).isEqualTo(61);
            }
            assertThat(token[tags.size() == 2 ? 2 : 0] & 0xff).isEqualTo(0xc0 + coseTag);
            if (v.get("expect").asText().equals("success")) {
                positive.add(v.get("structure").asText() + " " + v.get("alg").asInt());
                cwtTag |= tags.size() == 2;
                nested |= v.get("name").asText().contains("around");
            } else {
                refusals.add(v.get("expect").asText());
            }
        }
        assertThat(positive).contains("COSE_Sign1 -7", "COSE_Sign1 -8", "COSE_Mac0 5", "COSE_Mac0 4",
                "COSE_Encrypt0 1", "COSE_Encrypt0 10");
        assertThat(refusals).contains("BAD_SIGNATURE", "BAD_MAC", "DECRYPTION_FAILED", "UNKNOWN_KID");
        assertThat(libraries).containsExactlyInAnyOrder("@ldclabs/cose-ts", "cose-js");
        assertThat(cwtTag).as("one vector wrapped in CWT tag 61").isTrue();
        assertThat(nested).as("one nested Encrypt0(Sign1) vector").isTrue();
    }
}

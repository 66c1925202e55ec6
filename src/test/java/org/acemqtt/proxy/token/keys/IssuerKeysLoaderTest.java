package org.acemqtt.proxy.token.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.acemqtt.proxy.testsupport.Rfc8392Vectors;
import org.acemqtt.proxy.token.cbor.CborWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IssuerKeysLoaderTest {
    private static final String JWKS = """
            {"keys":[
             {"kty":"EC","crv":"P-256","kid":"11","alg":"ES256",
              "x":"usWxHK2PmfnHKwXPS54m0kTcGJ90UiglWiGahtagnv8","y":"IBOL-C3BttVivg-lSreASjpkttcsz-1rb7btKLv8EX4"},
             {"kty":"EC","crv":"P-384","kid":"P384",
              "x":"kTJyP2KSsBBhnb4kjWmMF7WHVsY55xUPgb7k64rDcjatChoZ1nvjKmYmPh5STRKc",
              "y":"mM0weMVU2DKsYDxDJkEP9hZiRZtB8fPfXbzINZj_fF7YQRynNWedHEyzAJOX2e8s"},
             {"kty":"EC","crv":"P-521","kid":"bilbo",
              "x":"AHKZLLOsCOzz5cY97ewNUajB957y-C-U88c3v13nmGZx6sYl_oJXu9A5RkTKqjqvjyekWF-7ytDyRXYgCF5cj0Kt",
              "y":"AdymlHvOiLxXkEhayXQnNCvDX4h9htZaCJN34kfmC6pV5OhQHiraVySsUdaQkAgDPrwQrJmbnX9cwlGfP-HqHZR1"},
             {"kty":"OKP","crv":"Ed25519","kid":"ed","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
             {"kty":"oct","kid":"our-secret","alg":"HS256","k":"hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg"}
            ]}""";

    @Test
    void aJwkSetWithEveryKeyTypeLoads(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("as.jwks.json"), JWKS);
        List<IssuerKey> keys = IssuerKeysLoader.load(f);
        assertThat(keys).extracting(IssuerKey::type).containsExactly(IssuerKey.Type.EC2, IssuerKey.Type.EC2,
                IssuerKey.Type.EC2, IssuerKey.Type.OKP_ED25519, IssuerKey.Type.SYMMETRIC);
        assertThat(keys.get(0).alg()).isEqualTo(-7);
        assertThat(keys.get(2).curve()).isEqualTo(IssuerKey.P_521);
        assertThat(keys.get(4).kid()).isEqualTo("our-secret".getBytes(StandardCharsets.UTF_8));
        assertThat(keys.get(4).toString()).doesNotContain("hJtX").contains("32 bytes");
    }

    @Test
    void everyBadKeyIsReportedWithFileIndexAndProblem(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("bad.json"), """
                {"keys":[
                 {"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA"},
                 {"kty":"RSA","n":"x","e":"AQAB"},
                 {"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","d":"x"},
                 {"kty":"EC","crv":"P-256","x":"usWxHK2PmfnHKwXPS54m0kTcGJ90UiglWiGahtagnv8",
                  "y":"usWxHK2PmfnHKwXPS54m0kTcGJ90UiglWiGahtagnv8"},
                 {"kty":"oct","kid":"a","k":"AAAA"},{"kty":"oct","kid":"a","k":"AAAA"},
                 {"kty":"oct","alg":"RS256","k":"AAAA"}
                ]}""");
        assertThatThrownBy(() -> IssuerKeysLoader.load(f)).isInstanceOf(KeyLoadException.class)
                .satisfies(e -> assertThat(((KeyLoadException) e).problems()).extracting(Object::toString)
                        .containsExactly(
                                f + ": keys[0]: x and y must be 32 bytes each",
                                f + ": keys[1]: unsupported kty \"RSA\"",
                                f + ": keys[2]: private key member \"d\" must not be in an issuer key file",
                                f + ": keys[3]: EC point is not on the curve",
                                f + ": keys[6]: unsupported alg \"RS256\"",
                                f + ": keys[5]: duplicate kid"));
    }

    @Test
    void aMissingOrBrokenFileIsReported(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> IssuerKeysLoader.load(dir.resolve("none.json")))
                .hasMessageContaining("none.json: cannot read");
        Path f = Files.writeString(dir.resolve("x.json"), "{");
        assertThatThrownBy(() -> IssuerKeysLoader.load(f)).hasMessageContaining("x.json: not valid JSON");
        Path empty = Files.writeString(dir.resolve("e.json"), "{\"keys\":[]}");
        assertThatThrownBy(() -> IssuerKeysLoader.load(empty)).hasMessageContaining("empty");
    }

    @Test
    void aCoseKeySetLoadsSymmetricAndPublicKeys(@TempDir Path dir) throws Exception {
        byte[] ed = new CborWriter().mapHeader(4).integer(1).integer(1).integer(2).bytes("ed".getBytes())
                .integer(-1).integer(6).integer(-2).bytes(java.util.HexFormat.of()
                        .parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")).toByteArray();
        byte[] set = new CborWriter().arrayHeader(3).raw(Rfc8392Vectors.A21_KEY).raw(Rfc8392Vectors.A22_KEY).raw(ed)
                .toByteArray();
        Path f = Files.write(dir.resolve("as.keys.cbor"), set);
        List<IssuerKey> keys = IssuerKeysLoader.load(f);
        assertThat(keys).extracting(IssuerKey::type).containsExactly(IssuerKey.Type.SYMMETRIC,
                IssuerKey.Type.SYMMETRIC, IssuerKey.Type.OKP_ED25519);
        assertThat(keys.get(0).alg()).isEqualTo(10);
    }

    @Test
    void aCoseKeySetThatIsNotAnArrayIsReported(@TempDir Path dir) throws Exception {
        Path f = Files.write(dir.resolve("k.cbor"), Rfc8392Vectors.A21_KEY);
        assertThatThrownBy(() -> IssuerKeysLoader.load(f)).hasMessageContaining("must be a CBOR array");
    }

    @Test
    void replacingTheRegistrySwapsItAtomically() {
        var first = IssuerRegistry.of(new TrustedIssuer("a", List.of()));
        var second = IssuerRegistry.of(new TrustedIssuer("b", List.of()));
        KeyRing ring = new KeyRing(first);
        assertThat(ring.replace(second)).isSameAs(first);
        assertThat(ring.current()).isSameAs(second);
    }
}

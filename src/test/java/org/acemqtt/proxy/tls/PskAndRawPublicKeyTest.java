package org.acemqtt.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.acemqtt.proxy.tls.BcTlsServerHandlerTest.Fixture;
import org.acemqtt.proxy.testsupport.NettyLeakGuard;
import org.acemqtt.proxy.testsupport.TestPki;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** RFC 9431 §2.2.3.1 / §2.2.3.2 hooks: PSK (TLS 1.3 external PSK, TLS 1.2 ECDHE_PSK) and client raw public keys. */
@ExtendWith(NettyLeakGuard.class)
class PskAndRawPublicKeyTest {
    static final byte[] IDENTITY = HexFormat.of().parseHex("a108a101a2010402483d027833fc6267ce"); // RFC 9202 cnf/kid
    static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    static final String BINDING = "token-for-kid-3d027833fc6267ce";

    @TempDir
    static Path dir;
    static TestPki pki;
    static AsymmetricCipherKeyPair clientKey;
    static byte[] clientSpki;

    @BeforeAll
    static void setUp() throws Exception {
        pki = TestPki.create(dir);
        ECDomainParameters p256 = new ECDomainParameters(ECNamedCurveTable.getByName("P-256"));
        ECKeyPairGenerator g = new ECKeyPairGenerator();
        g.init(new ECKeyGenerationParameters(p256, new SecureRandom()));
        clientKey = g.generateKeyPair();
        // named-curve SPKI, as the client encodes it
        clientSpki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(clientKey.getPublic()).getEncoded();
    }

    static TlsServerSettings settings(boolean psk, boolean rpk) throws TlsSettingsException {
        PskKeyResolver resolver = id -> Arrays.equals(id, IDENTITY)
                ? Optional.of(new ResolvedPsk(KEY, "SHA-256", BINDING)) : Optional.empty();
        RawPublicKeyVerifier verifier = spki -> Arrays.equals(spki, clientSpki) ? Optional.of(BINDING) : Optional.empty();
        return TlsServerSettings.builder().certificate(pki.serverCertificate()).privateKey(pki.serverPrivateKey())
                .protocols(List.of("TLSv1.3", "TLSv1.2")).psk(psk).rawPublicKeys(rpk)
                .pskKeyResolver(resolver).rawPublicKeyVerifier(verifier).load();
    }

    static BcTestClient.Builder client() {
        return BcTestClient.builder(pki.serverCertificate());
    }

    static void pumpExpectingFailure(Fixture f) {
        try {
            f.pump();
        } catch (IOException expected) {
            // the client got the server's alert
        }
    }

    @Test
    void tls13ExternalPskWithAKnownIdentityBindsThePeerAndStaysOnSha256() throws Exception {
        Fixture f = new Fixture(settings(true, false), client().versions(ProtocolVersion.TLSv13)
                .externalPsk(IDENTITY, KEY)
                .cipherSuites(CipherSuite.TLS_AES_256_GCM_SHA384, CipherSuite.TLS_AES_128_GCM_SHA256));
        f.pump();
        TlsSessionInfo s = f.session();
        assertThat(s).isNotNull();
        assertThat(s.cipherSuite()).isEqualTo("TLS_AES_128_GCM_SHA256"); // not the SHA-384 suite
        assertThat(s.peer()).isEqualTo(PeerIdentity.psk(IDENTITY, BINDING));
        assertThat(s.exporter()).isEqualTo(f.client.exporter);
        f.finish();
    }

    @Test
    void tls13Sha384PskSelectsTheSha384SuiteAgainstTheServerPreference() throws Exception {
        byte[] id384 = "kid-384".getBytes(StandardCharsets.US_ASCII);
        byte[] key384 = new byte[48];
        new SecureRandom().nextBytes(key384);
        TlsServerSettings s384 = TlsServerSettings.builder().certificate(pki.serverCertificate())
                .privateKey(pki.serverPrivateKey())
                .pskKeyResolver(id -> Arrays.equals(id, id384) ? Optional.of(new ResolvedPsk(key384, "SHA-384", BINDING))
                        : Optional.empty()).load();
        Fixture f = new Fixture(s384, client().versions(ProtocolVersion.TLSv13)
                .externalPsk(id384, key384, org.bouncycastle.tls.PRFAlgorithm.tls13_hkdf_sha384)
                .cipherSuites(CipherSuite.TLS_AES_128_GCM_SHA256, CipherSuite.TLS_AES_256_GCM_SHA384));
        f.pump();
        assertThat(f.session().cipherSuite()).isEqualTo("TLS_AES_256_GCM_SHA384"); // server order puts AES-128 first
        assertThat(f.session().peer()).isEqualTo(PeerIdentity.psk(id384, BINDING));
        f.finish();
    }

    @Test
    void tls13UnknownPskIdentityFallsBackToTheCertificateHandshake() throws Exception {
        Fixture f = new Fixture(settings(true, false), client().versions(ProtocolVersion.TLSv13)
                .externalPsk("unknown".getBytes(StandardCharsets.US_ASCII), KEY));
        f.pump();
        assertThat(f.session().peer()).isEqualTo(PeerIdentity.NONE);
        f.finish();
    }

    @Test
    void tls13WrongPskKeyFailsTheBinderCheck() throws Exception {
        Fixture f = new Fixture(settings(true, false), client().versions(ProtocolVersion.TLSv13)
                .externalPsk(IDENTITY, new byte[16]));
        pumpExpectingFailure(f);
        assertThat(f.session()).isNull();
        assertThat(f.downstream.event(TlsHandshakeFailedEvent.class)).isNotNull();
        f.finish();
    }

    @Test
    void tls13PskIsIgnoredWhenPskIsDisabled() throws Exception {
        Fixture f = new Fixture(settings(false, false), client().versions(ProtocolVersion.TLSv13)
                .externalPsk(IDENTITY, KEY));
        f.pump();
        assertThat(f.session().peer()).isEqualTo(PeerIdentity.NONE);
        f.finish();
    }

    @Test
    void tls12EcdhePskHandshakeBindsThePeer() throws Exception {
        Fixture f = new Fixture(settings(true, false), client().psk12(IDENTITY, KEY));
        f.pump();
        TlsSessionInfo s = f.session();
        assertThat(s.cipherSuite()).isEqualTo("TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256");
        assertThat(s.peer()).isEqualTo(PeerIdentity.psk(IDENTITY, BINDING));
        assertThat(s.exporter()).isEqualTo(f.client.exporter);
        f.finish();
    }

    @Test
    void tls12UnknownPskIdentityIsRefused() throws Exception {
        Fixture f = new Fixture(settings(true, false), client().psk12("nobody".getBytes(StandardCharsets.US_ASCII), KEY));
        pumpExpectingFailure(f);
        assertThat(f.session()).isNull();
        assertThat(f.downstream.event(TlsHandshakeFailedEvent.class).reason()).contains("unknown_psk_identity");
        f.finish();
    }

    @Test
    void tls12PskSuitesAreNotOfferedWhenPskIsDisabled() throws Exception {
        Fixture f = new Fixture(settings(false, false), client().psk12(IDENTITY, KEY));
        pumpExpectingFailure(f);
        assertThat(f.session()).isNull();
        assertThat(f.downstream.event(TlsHandshakeFailedEvent.class).reason()).contains("handshake_failure");
        f.finish();
    }

    @Test
    void rawPublicKeyAcceptedByTheVerifierBindsThePeerOnTls13AndTls12() throws Exception {
        for (ProtocolVersion v : List.of(ProtocolVersion.TLSv13, ProtocolVersion.TLSv12)) {
            Fixture f = new Fixture(settings(false, true), client().versions(v).rawPublicKey(clientKey));
            f.pump();
            TlsSessionInfo s = f.session();
            assertThat(s).as(v.toString()).isNotNull();
            assertThat(s.peer()).isEqualTo(PeerIdentity.rawPublicKey(clientSpki, BINDING));
            assertThat(s.exporter()).isEqualTo(f.client.exporter);
            f.finish();
        }
    }

    @Test
    void rawPublicKeyRefusedByTheVerifierAbortsWithBadCertificate() throws Exception {
        ECKeyPairGenerator g = new ECKeyPairGenerator();
        g.init(new ECKeyGenerationParameters(new ECDomainParameters(ECNamedCurveTable.getByName("P-256")),
                new SecureRandom()));
        Fixture f = new Fixture(settings(false, true), client().versions(ProtocolVersion.TLSv13)
                .rawPublicKey(g.generateKeyPair()));
        pumpExpectingFailure(f);
        assertThat(f.session()).isNull();
        assertThat(f.downstream.event(TlsHandshakeFailedEvent.class).reason()).contains("bad_certificate");
        f.finish();
    }

    @Test
    void clientWithoutRawPublicKeySupportGetsNoCertificateRequest() throws Exception {
        Fixture f = new Fixture(settings(true, true), client().versions(ProtocolVersion.TLSv13));
        f.pump();
        assertThat(f.session().peer()).isEqualTo(PeerIdentity.NONE);
        f.finish();
    }

    @Test
    void rawPublicKeyOfferIsIgnoredWhenRawPublicKeysAreDisabled() throws Exception {
        // RFC 7250 §4.1: a server without RPK support ignores client_certificate_type; no certificate is requested
        Fixture f = new Fixture(settings(false, false), client().versions(ProtocolVersion.TLSv13).rawPublicKey(clientKey));
        f.pump();
        assertThat(f.session().peer()).isEqualTo(PeerIdentity.NONE);
        f.finish();
    }

    @Test
    void tls10And11ClientsAreRefused() throws Exception {
        for (ProtocolVersion v : List.of(ProtocolVersion.TLSv11, ProtocolVersion.TLSv10)) {
            Fixture f = new Fixture(settings(true, true), client().versions(v)
                    .cipherSuites(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA));
            pumpExpectingFailure(f);
            assertThat(f.session()).isNull();
            assertThat(f.downstream.event(TlsHandshakeFailedEvent.class).reason()).contains("protocol_version");
            f.finish();
        }
    }
}

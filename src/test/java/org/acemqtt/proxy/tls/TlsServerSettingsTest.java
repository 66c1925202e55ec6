package org.acemqtt.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Writer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.acemqtt.proxy.testsupport.NettyLeakGuard;
import org.acemqtt.proxy.testsupport.TestPki;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NettyLeakGuard.class)
class TlsServerSettingsTest {
    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
    }

    @Test
    void loadsPkcs8EcKeyWithDefaults() throws Exception {
        TlsServerSettings s = TlsServerSettings.builder().certificate(pki.serverCertificate())
                .privateKey(pki.serverPrivateKey()).load();
        assertThat(s.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(s.psk()).isTrue();
        assertThat(s.rawPublicKeys()).isTrue();
        assertThat(s.handshakeTimeout()).isEqualTo(TlsServerSettings.DEFAULT_HANDSHAKE_TIMEOUT);
        assertThat(s.pskKeyResolver().resolve(new byte[] {1})).isEmpty();
        assertThat(s.rawPublicKeyVerifier().accept(new byte[] {1})).isEmpty();
        assertThat(s.newHandler()).isNotSameAs(s.newHandler());
    }

    @Test
    void missingCertificateFileIsReportedWithItsKey() {
        assertThatThrownBy(() -> TlsServerSettings.load(dir.resolve("nope.crt"), pki.serverPrivateKey(),
                List.of("TLSv1.3"), false, false))
                .isInstanceOf(TlsSettingsException.class)
                .hasMessage("certificate: file not found: " + dir.resolve("nope.crt"));
    }

    @Test
    void certificateInPlaceOfKeyIsNotAPemPrivateKey() {
        assertThatThrownBy(() -> TlsServerSettings.load(pki.serverCertificate(), pki.serverCertificate(),
                List.of("TLSv1.3"), false, false))
                .isInstanceOf(TlsSettingsException.class).hasMessageStartingWith("privateKey: not a PEM private key");
    }

    @Test
    void keyOfAnotherCertificateDoesNotMatch() {
        assertThatThrownBy(() -> TlsServerSettings.load(pki.serverCertificate(), pki.clientPrivateKey(),
                List.of("TLSv1.3"), false, false))
                .isInstanceOf(TlsSettingsException.class).hasMessage("privateKey does not match certificate");
    }

    @Test
    void unknownProtocolIsRefused() {
        assertThatThrownBy(() -> TlsServerSettings.load(pki.serverCertificate(), pki.serverPrivateKey(),
                List.of("TLSv1.1"), false, false))
                .isInstanceOf(TlsSettingsException.class).hasMessageStartingWith("protocols: unsupported protocol: TLSv1.1");
    }

    /** RFC 5915 ECPrivateKey with the named-curve parameters, from the PKCS#8 encoding. */
    static byte[] sec1(KeyPair pair) throws IOException {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded());
        ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
        ASN1Primitive params = info.getPrivateKeyAlgorithm().getParameters().toASN1Primitive();
        byte[] point = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()).getPublicKeyData().getBytes();
        int bits = ((java.security.interfaces.ECPrivateKey) pair.getPrivate()).getParams().getOrder().bitLength();
        return new ECPrivateKey(bits, inner.getKey(), new DERBitString(point), params).getEncoded();
    }

    @Test
    void sec1EcP256P384AndPkcs1RsaKeysAreAccepted() throws Exception {
        for (String type : List.of("EC256", "EC384", "RSA")) {
            KeyPairGenerator g = KeyPairGenerator.getInstance(type.startsWith("EC") ? "EC" : "RSA");
            if (type.startsWith("EC")) {
                g.initialize(new ECGenParameterSpec(type.equals("EC256") ? "secp256r1" : "secp384r1"));
            } else {
                g.initialize(2048);
            }
            KeyPair pair = g.generateKeyPair();
            Path cert = dir.resolve(type + ".crt");
            Path key = dir.resolve(type + ".key");
            SelfSigned.write(pair, cert);
            try (Writer w = Files.newBufferedWriter(key); JcaPEMWriter pem = new JcaPEMWriter(w)) {
                if (type.equals("RSA")) {
                    pem.writeObject(pair); // PKCS#1 "RSA PRIVATE KEY"
                } else {
                    pem.writeObject(new PemObject("EC PRIVATE KEY", sec1(pair))); // as `openssl ecparam -genkey` writes it
                }
            }
            assertThat(Files.readString(key)).contains(type.equals("RSA") ? "BEGIN RSA PRIVATE KEY" : "BEGIN EC PRIVATE KEY");
            assertThat(TlsServerSettings.load(cert, key, List.of("TLSv1.3", "TLSv1.2"), false, false)).isNotNull();
        }
    }
}

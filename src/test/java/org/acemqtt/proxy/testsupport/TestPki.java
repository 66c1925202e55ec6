package org.acemqtt.proxy.testsupport;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI generated per test run with BouncyCastle (nothing committed): an EC P-256 CA, a server certificate
 * for "localhost" (SAN DNS:localhost, IP:127.0.0.1) and a client certificate, written as PEM files into {@code dir}.
 */
public final class TestPki {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate ca;
    private final Path caCertificate;
    private final Path serverCertificate;
    private final Path serverPrivateKey;
    private final Path clientCertificate;
    private final Path clientPrivateKey;

    private TestPki(X509Certificate ca, Path dir) {
        this.ca = ca;
        this.caCertificate = dir.resolve("ca.pem");
        this.serverCertificate = dir.resolve("server.pem");
        this.serverPrivateKey = dir.resolve("server.key");
        this.clientCertificate = dir.resolve("client.pem");
        this.clientPrivateKey = dir.resolve("client.key");
    }

    public static TestPki create(Path dir) throws Exception {
        Files.createDirectories(dir);
        KeyPair caKeys = ecKeyPair();
        X500Name caName = new X500Name("CN=ace-mqtt-proxy test CA");
        X509v3CertificateBuilder caBuilder = builder(caName, caName, caKeys, Duration.ofDays(2));
        caBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        caBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate ca = sign(caBuilder, caKeys.getPrivate());
        TestPki pki = new TestPki(ca, dir);
        writePem(pki.caCertificate, ca);

        KeyPair serverKeys = ecKeyPair();
        X509v3CertificateBuilder server = builder(caName, new X500Name("CN=localhost"), serverKeys, Duration.ofDays(1));
        server.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        server.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        leafExtensions(server, ca, serverKeys);
        X509Certificate serverCert = sign(server, caKeys.getPrivate());
        writePem(pki.serverCertificate, serverCert, ca);
        writePem(pki.serverPrivateKey, serverKeys.getPrivate()); // PKCS#8 "PRIVATE KEY"

        KeyPair clientKeys = ecKeyPair();
        X509v3CertificateBuilder client = builder(caName, new X500Name("CN=test-client"), clientKeys, Duration.ofDays(1));
        client.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        leafExtensions(client, ca, clientKeys);
        writePem(pki.clientCertificate, sign(client, caKeys.getPrivate()));
        writePem(pki.clientPrivateKey, clientKeys.getPrivate());
        return pki;
    }

    public Path caCertificate() {
        return caCertificate;
    }

    public Path serverCertificate() {
        return serverCertificate;
    }

    public Path serverPrivateKey() {
        return serverPrivateKey;
    }

    public Path clientCertificate() {
        return clientCertificate;
    }

    public Path clientPrivateKey() {
        return clientPrivateKey;
    }

    /** Trusts the test CA only (for HiveMQ/Paho/JDK clients). */
    public TrustManagerFactory trustManagerFactory() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return tmf;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client context trusting the CA whose sockets and engines enable exactly {@code protocol} ("TLSv1.3"/"TLSv1.2"). */
    public SSLContext clientSslContext(String protocol) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagerFactory().getTrustManagers(), RANDOM);
            return ProtocolPinnedSslContext.pin(context, protocol);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys, Duration validity) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), subject, keys.getPublic());
    }

    private static void leafExtensions(X509v3CertificateBuilder b, X509Certificate ca, KeyPair keys) throws Exception {
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(ca));
        b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws Exception {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
        return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    }

    static void writePem(Path file, Object... objects) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
             JcaPEMWriter pem = new JcaPEMWriter(w)) {
            for (Object o : objects) {
                pem.writeObject(o instanceof PrivateKey k ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k, null) : o);
            }
        }
    }

}

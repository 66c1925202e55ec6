package org.acemqtt.proxy.token.introspection;

import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA and a server certificate it signed for {@code as.other.example} only (no localhost, no 127.0.0.1): a
 * trusted chain whose name does not match the endpoint, for the hostname-verification test. TestPki always
 * issues for localhost, hence this small generator.
 */
record OtherNameCertificate(Path caPem, Path serverPem, Path serverKey) {
    static OtherNameCertificate create(Path dir) throws Exception {
        Files.createDirectories(dir);
        KeyPair caKeys = ec();
        X500Name caName = new X500Name("CN=other-name test CA");
        X509v3CertificateBuilder ca = builder(caName, caName, caKeys);
        ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
        X509Certificate caCert = sign(ca, caKeys.getPrivate());
        KeyPair serverKeys = ec();
        X509v3CertificateBuilder server = builder(caName, new X500Name("CN=as.other.example"), serverKeys);
        server.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, "as.other.example")));
        X509Certificate serverCert = sign(server, caKeys.getPrivate());
        OtherNameCertificate out = new OtherNameCertificate(dir.resolve("other-ca.pem"), dir.resolve("other.pem"),
                dir.resolve("other.key"));
        pem(out.caPem, caCert);
        pem(out.serverPem, serverCert, caCert);
        pem(out.serverKey, new JcaPKCS8Generator(serverKeys.getPrivate(), null));
        return out;
    }

    private static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    private static void pem(Path file, Object... objects) throws Exception {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII); JcaPEMWriter p = new JcaPEMWriter(w)) {
            for (Object o : objects) {
                p.writeObject(o);
            }
        }
    }
}

package org.acemqtt.proxy.tls;

import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed certificates for key-type tests. */
final class SelfSigned {
    private SelfSigned() {
    }

    static void write(KeyPair pair, Path certificate) throws Exception {
        X500Name name = new X500Name("CN=localhost");
        long now = System.currentTimeMillis();
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now), new Date(now - 3_600_000),
                new Date(now + 86_400_000), name, pair.getPublic());
        String alg = pair.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA384withECDSA";
        var cert = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(alg).build(pair.getPrivate())));
        try (Writer w = Files.newBufferedWriter(certificate); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(cert);
        }
    }
}

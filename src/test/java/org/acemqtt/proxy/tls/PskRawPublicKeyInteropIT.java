package org.acemqtt.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.acemqtt.proxy.testsupport.ExternalProcess;
import org.acemqtt.proxy.testsupport.NettyLeakGuard;
import org.acemqtt.proxy.testsupport.TestPki;
import org.acemqtt.proxy.testsupport.TlsTestServer;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Off-the-shelf clients in PSK (openssl s_client --psk, like mosquitto_pub --psk) and RPK (gnutls-cli) mode. */
@ExtendWith(NettyLeakGuard.class)
class PskRawPublicKeyInteropIT {
    static final String KID = "kid-1"; // raw kid bytes: the text form of CONTRACT.md's PSK identity
    static final String PSK_HEX = "00112233445566778899aabbccddeeff";
    static final Pattern KEYING = Pattern.compile("Keying material: ([0-9A-Fa-f]+)");

    @TempDir
    static Path dir;
    static TestPki pki;
    static byte[] clientSpki = new byte[0];
    static Path rpkKey;
    static Path rpkPub;
    static TlsTestServer server;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir);
        // gnutls does not import the JDK's minimal PKCS#8 EC encoding: let openssl make the client's key pair
        rpkKey = dir.resolve("rpk.key");
        rpkPub = dir.resolve("rpk.pub");
        if (ExternalProcess.available("openssl")) {
            ExternalProcess.run(List.of("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-out", rpkKey.toString()), null, 0, 20);
            ExternalProcess.run(List.of("openssl", "pkey", "-in", rpkKey.toString(), "-pubout", "-out",
                    rpkPub.toString()), null, 0, 20);
            try (PEMParser p = new PEMParser(Files.newBufferedReader(rpkPub))) {
                clientSpki = ((SubjectPublicKeyInfo) p.readObject()).getEncoded();
            }
        }
        byte[] kid = KID.getBytes(StandardCharsets.US_ASCII);
        byte[] key = HexFormat.of().parseHex(PSK_HEX);
        server = new TlsTestServer(TlsServerSettings.builder().certificate(pki.serverCertificate())
                .privateKey(pki.serverPrivateKey())
                .pskKeyResolver(id -> Arrays.equals(id, kid) ? Optional.of(new ResolvedPsk(key, "SHA-256", "psk-token"))
                        : Optional.empty())
                .rawPublicKeyVerifier(spki -> Arrays.equals(spki, clientSpki)
                        ? Optional.of("rpk-token") : Optional.empty())
                .load());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static ExternalProcess.Result opensslPsk(String... versionAndCiphers) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl", "s_client", "-connect",
                "127.0.0.1:" + server.port(), "-psk_identity", KID, "-psk", PSK_HEX,
                "-keymatexport", TlsSessionInfo.EXPORTER_LABEL, "-keymatexportlen", "32"));
        cmd.addAll(List.of(versionAndCiphers));
        return ExternalProcess.run(cmd, "ping\n", 1500, 20);
    }

    @Test
    void opensslTls13ExternalPskHandshakeBindsTheToken() throws Exception {
        assumeTrue(ExternalProcess.available("openssl"), "openssl not installed");
        ExternalProcess.Result r = opensslPsk("-tls1_3");
        TlsSessionInfo s = server.awaitSession(10);
        assertThat(s).as(r.output()).isNotNull();
        assertThat(s.cipherSuite()).isEqualTo("TLS_AES_128_GCM_SHA256");
        assertThat(s.peer()).isEqualTo(PeerIdentity.psk(KID.getBytes(StandardCharsets.US_ASCII), "psk-token"));
        assertThat(keying(r.output())).isEqualTo(s.exporter());
    }

    @Test
    void opensslTls12EcdhePskHandshakeBindsTheToken() throws Exception {
        assumeTrue(ExternalProcess.available("openssl"), "openssl not installed");
        ExternalProcess.Result r = opensslPsk("-tls1_2", "-cipher", "ECDHE-PSK-CHACHA20-POLY1305");
        TlsSessionInfo s = server.awaitSession(10);
        assertThat(s).as(r.output()).isNotNull();
        assertThat(s.cipherSuite()).isEqualTo("TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256");
        assertThat(s.peer()).isInstanceOf(PeerIdentity.Psk.class);
        assertThat(keying(r.output())).isEqualTo(s.exporterNoContext());
    }

    @Test
    void gnutlsRawPublicKeyIsPreferredOverX509AndBindsTheToken() throws Exception {
        assumeTrue(ExternalProcess.available("gnutls-cli") && clientSpki.length > 0, "gnutls-cli/openssl not installed");
        for (String version : List.of("+VERS-TLS1.3", "+VERS-TLS1.2")) {
            ExternalProcess.Result r = ExternalProcess.run(List.of("gnutls-cli", "-p", String.valueOf(server.port()),
                    "--x509cafile", pki.caCertificate().toString(),
                    "--priority", "NORMAL:-VERS-ALL:" + version + ":+CTYPE-CLI-ALL",
                    "--rawpkkeyfile", rpkKey.toString(), "--rawpkfile", rpkPub.toString(), "127.0.0.1"),
                    "ping\n", 1500, 20);
            TlsSessionInfo s = server.awaitSession(10);
            assertThat(s).as(version + "\n" + r.output()).isNotNull();
            assertThat(s.peer()).as(r.output())
                    .isEqualTo(PeerIdentity.rawPublicKey(clientSpki, "rpk-token"));
        }
    }

    private static byte[] keying(String output) {
        Matcher m = KEYING.matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return HexFormat.of().parseHex(m.group(1));
    }
}

package org.acemqtt.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;
import org.acemqtt.proxy.testsupport.ExternalProcess;
import org.acemqtt.proxy.testsupport.NettyLeakGuard;
import org.acemqtt.proxy.testsupport.TestPki;
import org.acemqtt.proxy.testsupport.TlsTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Real TLS clients (OpenSSL, GnuTLS, the JDK) against the BouncyCastle server handler on 127.0.0.1. */
@ExtendWith(NettyLeakGuard.class)
class TlsInteropIT {
    private static final Pattern OPENSSL_KEYING = Pattern.compile("Keying material: ([0-9A-Fa-f]+)");
    private static final Pattern GNUTLS_KEYING = Pattern.compile("Key material: ([0-9A-Fa-f]+)");

    @TempDir
    static Path dir;
    static TestPki pki;
    static TlsTestServer server;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir);
        server = new TlsTestServer(TlsServerSettings.load(pki.serverCertificate(), pki.serverPrivateKey(),
                List.of("TLSv1.3", "TLSv1.2"), true, true));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static ExternalProcess.Result opensslClient(String versionFlag, String... extra) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl", "s_client", "-connect",
                "127.0.0.1:" + server.port(), versionFlag, "-servername", "localhost", "-alpn", "mqtt",
                "-CAfile", pki.caCertificate().toString(), "-verify_return_error",
                "-keymatexport", TlsSessionInfo.EXPORTER_LABEL, "-keymatexportlen", "32"));
        cmd.addAll(List.of(extra));
        return ExternalProcess.run(cmd, "ping\n", 1500, 20);
    }

    @Test
    void opensslTls13HandshakeVerifiesTheCertificateAndExportsTheSameKeyingMaterial() throws Exception {
        assumeTrue(ExternalProcess.available("openssl"), "openssl not installed");
        ExternalProcess.Result r = opensslClient("-tls1_3");
        TlsSessionInfo session = server.awaitSession(10);
        assertThat(session).as(r.output()).isNotNull();
        assertThat(r.output()).contains("Verify return code: 0 (ok)").contains("TLSv1.3");
        assertThat(session.protocol()).isEqualTo("TLSv1.3");
        assertThat(session.alpnProtocol()).isEqualTo("mqtt");
        assertThat(session.sniHostName()).isEqualTo("localhost");
        assertThat(keyingMaterial(OPENSSL_KEYING, r.output())).isEqualTo(session.exporter());
    }

    @Test
    void opensslTls12HandshakeExportsTheNoContextValue() throws Exception {
        assumeTrue(ExternalProcess.available("openssl"), "openssl not installed");
        ExternalProcess.Result r = opensslClient("-tls1_2");
        TlsSessionInfo session = server.awaitSession(10);
        assertThat(session).as(r.output()).isNotNull();
        assertThat(r.output()).contains("Verify return code: 0 (ok)").contains("Extended master secret: yes");
        assertThat(session.protocol()).isEqualTo("TLSv1.2");
        byte[] openssl = keyingMaterial(OPENSSL_KEYING, r.output());
        // openssl s_client calls SSL_export_keying_material(..., use_context = 0): RFC 5705 "no context"
        assertThat(openssl).isEqualTo(session.exporterNoContext()).isNotEqualTo(session.exporter());
    }

    @Test
    void gnutlsTls13HandshakeExportsTheSameKeyingMaterial() throws Exception {
        assumeTrue(ExternalProcess.available("gnutls-cli"), "gnutls-cli not installed");
        ExternalProcess.Result r = ExternalProcess.run(List.of("gnutls-cli", "-p", String.valueOf(server.port()),
                "--x509cafile", pki.caCertificate().toString(), "--priority", "NORMAL:-VERS-ALL:+VERS-TLS1.3",
                "--alpn", "mqtt", "--keymatexport", TlsSessionInfo.EXPORTER_LABEL, "--keymatexportsize", "32",
                "127.0.0.1"), "ping\n", 1500, 20);
        TlsSessionInfo session = server.awaitSession(10);
        assertThat(session).as(r.output()).isNotNull();
        assertThat(session.protocol()).isEqualTo("TLSv1.3");
        assertThat(r.output()).contains("Handshake was completed");
        assertThat(keyingMaterial(GNUTLS_KEYING, r.output())).isEqualTo(session.exporter());
    }

    @Test
    void jdkClientsEchoOverTls13AndTls12() throws Exception {
        for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
            try (SSLSocket socket = (SSLSocket) pki.clientSslContext(protocol).getSocketFactory()
                    .createSocket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                var params = socket.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(params);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                byte[] message = ("hello over " + protocol).getBytes(StandardCharsets.US_ASCII);
                out.write(message);
                out.flush();
                assertThat(in.readNBytes(message.length)).isEqualTo(message);
                assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
                TlsSessionInfo session = server.awaitSession(10);
                assertThat(session.protocol()).isEqualTo(protocol);
            }
        }
    }

    @Test
    void clientOfferingOnlyTls11IsRefused() throws Exception {
        assumeTrue(ExternalProcess.available("openssl"), "openssl not installed");
        ExternalProcess.Result r = ExternalProcess.run(List.of("openssl", "s_client", "-connect",
                "127.0.0.1:" + server.port(), "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0",
                "-CAfile", pki.caCertificate().toString()), "", 500, 20);
        assertThat(r.exitCode()).as(r.output()).isNotZero();
        assertThat(server.awaitSession(1)).isNull();
        TlsHandshakeFailedEvent failure = server.awaitFailure(10);
        assertThat(failure).isNotNull();
        assertThat(failure.reason()).contains("protocol_version");
    }

    private static byte[] keyingMaterial(Pattern pattern, String output) {
        Matcher m = pattern.matcher(output);
        assertThat(m.find()).as("keying material in:\n" + output).isTrue();
        return HexFormat.of().parseHex(m.group(1));
    }
}

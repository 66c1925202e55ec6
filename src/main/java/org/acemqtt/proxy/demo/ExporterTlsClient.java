package org.acemqtt.proxy.demo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerOnlyTlsAuthentication;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A blocking BouncyCastle TLS client (used by the demo and the tests) that, like a real RFC 9431 client, computes the TLS exporter of its session
 * ({@code EXPORTER-ACE-MQTT-Sign-Challenge}, 32 bytes) in {@code notifyHandshakeComplete}; the JDK's JSSE does not
 * expose it. The server certificate must be signed by {@code caCertificate} (or be that self-signed certificate).
 */
public final class ExporterTlsClient extends DefaultTlsClient {
    static final String LABEL = "EXPORTER-ACE-MQTT-Sign-Challenge";
    private final ProtocolVersion version;
    private final X509Certificate ca;
    private byte[] exporterEmptyContext;
    private byte[] exporterNoContext;

    private ExporterTlsClient(ProtocolVersion version, X509Certificate ca) {
        super(new BcTlsCrypto(new SecureRandom()));
        this.version = version;
        this.ca = ca;
    }

    /** Connects and completes the handshake; returns the protocol (for its streams) and the client (exporters). */
    public static Connection connect(int port, Path caCertificate, String protocol) throws IOException {
        X509Certificate ca;
        try (var in = Files.newInputStream(caCertificate)) {
            ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (java.security.cert.CertificateException e) {
            throw new IOException(e);
        }
        ExporterTlsClient client = new ExporterTlsClient("TLSv1.2".equals(protocol) ? ProtocolVersion.TLSv12
                : ProtocolVersion.TLSv13, ca);
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        TlsClientProtocol tls = new TlsClientProtocol(socket.getInputStream(), socket.getOutputStream());
        tls.connect(client);
        return new Connection(socket, tls, client);
    }

    public record Connection(Socket socket, TlsClientProtocol tls, ExporterTlsClient client) {
    }

    public byte[] exporter(boolean emptyContext) {
        return (emptyContext ? exporterEmptyContext : exporterNoContext).clone();
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return new ProtocolVersion[] {version};
    }

    @Override
    public Hashtable<Integer, byte[]> getClientExtensions() throws IOException {
        Hashtable<Integer, byte[]> extensions = super.getClientExtensions();
        org.bouncycastle.tls.TlsExtensionsUtils.addServerNameExtensionClient(extensions,
                java.util.Vector.class.cast(new java.util.Vector<>(java.util.List.of(
                        new org.bouncycastle.tls.ServerName(org.bouncycastle.tls.NameType.host_name,
                                "localhost".getBytes(java.nio.charset.StandardCharsets.US_ASCII))))));
        return extensions;
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new ServerOnlyTlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                try {
                    X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                            new ByteArrayInputStream(serverCertificate.getCertificate().getCertificateAt(0).getEncoded()));
                    leaf.verify(ca.getPublicKey());
                    leaf.checkValidity();
                } catch (Exception e) {
                    throw new TlsFatalAlert(AlertDescription.bad_certificate, e);
                }
            }
        };
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        // Only here does BouncyCastle let the exporter be computed.
        exporterEmptyContext = context.exportKeyingMaterial(LABEL, new byte[0], 32);
        exporterNoContext = context.exportKeyingMaterial(LABEL, null, 32);
    }
}

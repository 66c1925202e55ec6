package org.acemqtt.proxy.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/**
 * The proxy's own TLS client leg to the upstream broker ({@code upstream.tls}): BoringSSL through netty-tcnative when
 * available, else the JDK. Trusts only the configured CA file; hostname verification is on (the engine must be
 * created with {@code newHandler(alloc, host, port)}).
 */
public final class UpstreamTlsContexts {
    private UpstreamTlsContexts() {
    }

    public static SslProvider provider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    /**
     * @param caFile          PEM CA certificates to trust
     * @param clientCertChain optional PEM client certificate chain (null: no client authentication)
     * @param clientKey       PEM PKCS#8 private key for {@code clientCertChain}, or null
     */
    public static SslContext forUpstream(Path caFile, Path clientCertChain, Path clientKey) throws TlsSettingsException {
        requireFile("trustStore", caFile);
        if ((clientCertChain == null) != (clientKey == null)) {
            throw new TlsSettingsException("certificate and privateKey must be given together");
        }
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(provider())
                .trustManager(caFile.toFile())
                .endpointIdentificationAlgorithm("HTTPS")
                .protocols("TLSv1.3", "TLSv1.2");
        if (clientCertChain != null) {
            requireFile("certificate", clientCertChain);
            requireFile("privateKey", clientKey);
            builder.keyManager(clientCertChain.toFile(), clientKey.toFile());
        }
        try {
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsSettingsException("cannot build the upstream TLS context: " + e.getMessage(), e);
        }
    }

    private static void requireFile(String key, Path path) throws TlsSettingsException {
        if (path == null) {
            throw new TlsSettingsException(key + ": missing");
        }
        File f = path.toFile();
        if (!Files.isRegularFile(path) || !f.canRead()) {
            throw new TlsSettingsException(key + ": file not found: " + path);
        }
    }
}

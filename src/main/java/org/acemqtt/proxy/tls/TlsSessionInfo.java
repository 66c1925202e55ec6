package org.acemqtt.proxy.tls;

import io.netty.util.AttributeKey;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the authorization layer needs to know about a finished TLS handshake. Set on the channel as
 * {@link #ATTRIBUTE} by {@link BcTlsServerHandler} before any plaintext is fired downstream.
 *
 * @param protocol          "TLSv1.3" or "TLSv1.2"
 * @param cipherSuite       IANA name, e.g. "TLS_AES_128_GCM_SHA256"
 * @param exporter          RFC 9431 §2.2.4.2.1 exporter: label {@value #EXPORTER_LABEL}, empty context, 32 bytes
 * @param exporterNoContext TLS 1.2 only: the RFC 5705 "no context" variant (what OpenSSL's and gnutls' command-line
 *                          tools compute); on TLS 1.3 the same value as {@code exporter} (RFC 8446 §7.5)
 * @param sniHostName       the SNI host_name the client sent (RFC 6066), or null
 * @param alpnProtocol      the negotiated ALPN protocol ("mqtt"), or null
 * @param peer              how the client authenticated at TLS level
 */
public record TlsSessionInfo(String protocol, String cipherSuite, byte[] exporter, byte[] exporterNoContext,
                             String sniHostName, String alpnProtocol, PeerIdentity peer) {

    public static final AttributeKey<TlsSessionInfo> ATTRIBUTE = AttributeKey.valueOf(TlsSessionInfo.class, "session");

    /** RFC 9431 §2.2.4.2.1. */
    public static final String EXPORTER_LABEL = "EXPORTER-ACE-MQTT-Sign-Challenge";
    public static final int EXPORTER_LENGTH = 32;

    public TlsSessionInfo {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(cipherSuite, "cipherSuite");
        Objects.requireNonNull(peer, "peer");
        if (exporter == null || exporter.length != EXPORTER_LENGTH) {
            throw new IllegalArgumentException("exporter must be " + EXPORTER_LENGTH + " bytes");
        }
        exporter = exporter.clone();
        exporterNoContext = exporterNoContext == null ? exporter.clone() : exporterNoContext.clone();
    }

    /** A defensive copy of the empty-context exporter. */
    @Override
    public byte[] exporter() {
        return exporter.clone();
    }

    /** A defensive copy of the no-context exporter (TLS 1.2); equals {@link #exporter()} on TLS 1.3. */
    @Override
    public byte[] exporterNoContext() {
        return exporterNoContext.clone();
    }

    /** Constant-time comparison with the empty-context exporter. */
    public boolean exporterMatches(byte[] candidate) {
        return candidate != null && MessageDigest.isEqual(exporter, candidate);
    }

    public boolean isTls13() {
        return "TLSv1.3".equals(protocol);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TlsSessionInfo s && protocol.equals(s.protocol) && cipherSuite.equals(s.cipherSuite)
                && Arrays.equals(exporter, s.exporter) && Arrays.equals(exporterNoContext, s.exporterNoContext)
                && Objects.equals(sniHostName, s.sniHostName) && Objects.equals(alpnProtocol, s.alpnProtocol)
                && peer.equals(s.peer);
    }

    @Override
    public int hashCode() {
        return Objects.hash(protocol, cipherSuite, Arrays.hashCode(exporter), sniHostName, peer);
    }

    /** Never prints exporter values (they are PoP inputs). */
    @Override
    public String toString() {
        return "TlsSessionInfo[" + protocol + ", " + cipherSuite + ", sni=" + sniHostName + ", alpn=" + alpnProtocol
                + ", peer=" + peer + "]";
    }
}

package org.acemqtt.proxy.tls;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCertificate;

/**
 * One listener's TLS configuration ({@code listeners[].tls}), loaded and checked once. Immutable and shared by all of
 * the listener's connections; a reload builds a new instance and the listener swaps it in for new connections.
 */
public final class TlsServerSettings {
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final ServerKeyMaterial keyMaterial;
    private final List<String> protocols;
    private final ProtocolVersion[] protocolVersions;
    private final boolean psk;
    private final boolean rawPublicKeys;
    private final Duration handshakeTimeout;
    private final PskKeyResolver pskKeyResolver;
    private final RawPublicKeyVerifier rawPublicKeyVerifier;
    private final ProxyTlsCrypto crypto;
    private final Certificate chain12;
    private final Certificate chain13;

    private TlsServerSettings(Builder b, ServerKeyMaterial keyMaterial, ProtocolVersion[] versions)
            throws java.io.IOException {
        this.keyMaterial = keyMaterial;
        this.protocols = List.copyOf(b.protocols);
        this.protocolVersions = versions;
        this.psk = b.psk;
        this.rawPublicKeys = b.rawPublicKeys;
        this.handshakeTimeout = b.handshakeTimeout;
        this.pskKeyResolver = b.pskKeyResolver;
        this.rawPublicKeyVerifier = b.rawPublicKeyVerifier;
        this.crypto = new ProxyTlsCrypto(new SecureRandom());
        TlsCertificate[] certs = new TlsCertificate[keyMaterial.chainDer().size()];
        CertificateEntry[] entries = new CertificateEntry[certs.length];
        for (int i = 0; i < certs.length; i++) {
            certs[i] = new BcTlsCertificate(crypto, BcTlsCertificate.parseCertificate(keyMaterial.chainDer().get(i)));
            entries[i] = new CertificateEntry(certs[i], null);
        }
        this.chain12 = new Certificate(certs);
        this.chain13 = new Certificate(TlsUtils.EMPTY_BYTES, entries);
    }

    /** Loads with the default timeout and the inert (refuse-all) PSK and RPK resolvers. */
    public static TlsServerSettings load(Path certificate, Path privateKey, List<String> protocols, boolean psk,
                                         boolean rawPublicKeys) throws TlsSettingsException {
        return builder().certificate(certificate).privateKey(privateKey).protocols(protocols).psk(psk)
                .rawPublicKeys(rawPublicKeys).load();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A fresh handler for one accepted connection; add it with {@code pipeline.addFirst(...)}. */
    public BcTlsServerHandler newHandler() {
        return new BcTlsServerHandler(this);
    }

    ProxyTlsServer newServer() {
        return new ProxyTlsServer(this);
    }

    public List<String> protocols() {
        return protocols;
    }

    public boolean psk() {
        return psk;
    }

    public boolean rawPublicKeys() {
        return rawPublicKeys;
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    public PskKeyResolver pskKeyResolver() {
        return pskKeyResolver;
    }

    public RawPublicKeyVerifier rawPublicKeyVerifier() {
        return rawPublicKeyVerifier;
    }

    ServerKeyMaterial keyMaterial() {
        return keyMaterial;
    }

    ProtocolVersion[] protocolVersions() {
        return protocolVersions.clone();
    }

    /** Immutable once built; shared by all connections. */
    Certificate chain12() {
        return chain12;
    }

    Certificate chain13() {
        return chain13;
    }

    ProxyTlsCrypto crypto() {
        return crypto;
    }

    /** Collects the settings; {@link #load()} reads and checks the PEM files. */
    public static final class Builder {
        private Path certificate;
        private Path privateKey;
        private List<String> protocols = DEFAULT_PROTOCOLS;
        private boolean psk = true;
        private boolean rawPublicKeys = true;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private PskKeyResolver pskKeyResolver = PskKeyResolver.NONE;
        private RawPublicKeyVerifier rawPublicKeyVerifier = RawPublicKeyVerifier.NONE;

        private Builder() {
        }

        public Builder certificate(Path path) {
            this.certificate = path;
            return this;
        }

        public Builder privateKey(Path path) {
            this.privateKey = path;
            return this;
        }

        public Builder protocols(List<String> names) {
            this.protocols = List.copyOf(names);
            return this;
        }

        public Builder psk(boolean enabled) {
            this.psk = enabled;
            return this;
        }

        public Builder rawPublicKeys(boolean enabled) {
            this.rawPublicKeys = enabled;
            return this;
        }

        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = Objects.requireNonNull(timeout, "handshakeTimeout");
            return this;
        }

        public Builder pskKeyResolver(PskKeyResolver resolver) {
            this.pskKeyResolver = Objects.requireNonNull(resolver, "pskKeyResolver");
            return this;
        }

        public Builder rawPublicKeyVerifier(RawPublicKeyVerifier verifier) {
            this.rawPublicKeyVerifier = Objects.requireNonNull(verifier, "rawPublicKeyVerifier");
            return this;
        }

        public TlsServerSettings load() throws TlsSettingsException {
            if (certificate == null) {
                throw new TlsSettingsException("certificate: missing");
            }
            if (privateKey == null) {
                throw new TlsSettingsException("privateKey: missing");
            }
            if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
                throw new TlsSettingsException("handshakeTimeout: must be positive: " + handshakeTimeout);
            }
            ProtocolVersion[] versions = parseProtocols(protocols);
            ServerKeyMaterial keyMaterial = ServerKeyMaterial.load(certificate, privateKey);
            try {
                return new TlsServerSettings(this, keyMaterial, versions);
            } catch (java.io.IOException e) {
                throw new TlsSettingsException("certificate: cannot parse: " + e.getMessage(), e);
            }
        }

        private static ProtocolVersion[] parseProtocols(List<String> names) throws TlsSettingsException {
            if (names.isEmpty()) {
                throw new TlsSettingsException("protocols: must not be empty");
            }
            Set<ProtocolVersion> versions = new LinkedHashSet<>();
            for (String name : names) {
                switch (name) {
                    case "TLSv1.3" -> versions.add(ProtocolVersion.TLSv13);
                    case "TLSv1.2" -> versions.add(ProtocolVersion.TLSv12);
                    default -> throw new TlsSettingsException(
                            "protocols: unsupported protocol: " + name + " (TLSv1.3 and TLSv1.2 are supported)");
                }
            }
            // BC expects the versions newest first.
            List<ProtocolVersion> sorted = new ArrayList<>(versions);
            sorted.sort((a, b) -> b.getMinorVersion() - a.getMinorVersion());
            return sorted.toArray(new ProtocolVersion[0]);
        }
    }
}

package org.acemqtt.proxy.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.bouncycastle.util.Arrays;
import java.util.Vector;
import org.bouncycastle.tls.AbstractTlsServer;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.BasicTlsPSKExternal;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CertificateType;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.KeyExchangeAlgorithm;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.PRFAlgorithm;
import org.bouncycastle.tls.ProtocolName;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.PskIdentity;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsPSKExternal;
import org.bouncycastle.tls.TlsPSKIdentityManager;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;

/**
 * The BouncyCastle {@code TlsServer} of one connection: X.509 server credentials, the protocol versions and AEAD-only
 * suites of the listener, mandatory extended_master_secret on TLS 1.2 (RFC 9431 §2.2.3, RFC 7627), SNI, ALPN "mqtt",
 * the PSK (RFC 9431 §2.2.3.2) and raw-public-key (RFC 7250, §2.2.3.1) hooks, and the exporter capture.
 * Confined to the connection's event loop.
 */
final class ProxyTlsServer extends AbstractTlsServer {
    private static final Vector<ProtocolName> ALPN = new Vector<>(java.util.List.of(ProtocolName.OASIS_MQTT));

    private final TlsServerSettings settings;
    private PeerIdentity peer = PeerIdentity.NONE;
    private ResolvedPsk matchedPsk;
    private TlsSessionInfo sessionInfo;
    private String lastAlert;

    ProxyTlsServer(TlsServerSettings settings) {
        super(settings.crypto());
        this.settings = settings;
    }

    /** Non-null once the handshake completed. */
    TlsSessionInfo sessionInfo() {
        return sessionInfo;
    }

    /** The last alert sent or received, for the failure event; null if none. */
    String lastAlert() {
        return lastAlert;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return settings.protocolVersions();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return CipherSuites.forServer(settings.keyMaterial().keyType(), settings.psk());
    }

    /** Our order (AES-GCM first: JCA-accelerated records, PERF.md) wins over the client's. */
    @Override
    protected boolean preferLocalCipherSuites() {
        return true;
    }

    /** RFC 9431 §2.2.3: TLS 1.2 MUST use extended_master_secret (RFC 7627); refuse clients without it. */
    @Override
    public boolean requiresExtendedMasterSecret() {
        return true;
    }

    @Override
    protected Vector<ProtocolName> getProtocolNames() {
        return ALPN;
    }

    /** ALPN "mqtt" is accepted when offered; a client offering only other names is not refused (RFC 9431 §2.2.3 SHOULD). */
    @Override
    protected ProtocolName selectProtocolName() {
        return clientProtocolNames != null && clientProtocolNames.contains(ProtocolName.OASIS_MQTT)
                ? ProtocolName.OASIS_MQTT : null;
    }

    /**
     * BC picks the TLS 1.3 suite without looking at the PSK, and may pick a SHA-256 suite for a SHA-384 PSK or the
     * reverse (the client then aborts): once a PSK matched, choose among the suites with the PSK's hash only.
     */
    @Override
    public int getSelectedCipherSuite() throws IOException {
        if (matchedPsk == null || !TlsUtils.isTLSv13(context.getSecurityParametersHandshake().getNegotiatedVersion())) {
            return super.getSelectedCipherSuite();
        }
        boolean sha384 = "SHA-384".equals(matchedPsk.hashAlgorithm());
        for (int suite : getCipherSuites()) { // our order
            if (TlsUtils.isValidCipherSuiteForVersion(suite, ProtocolVersion.TLSv13) && CipherSuites.isSha384(suite) == sha384
                    && Arrays.contains(offeredCipherSuites, suite) && selectCipherSuite(suite)) {
                return suite;
            }
        }
        throw new TlsFatalAlert(AlertDescription.handshake_failure, "no offered cipher suite uses the PSK's hash");
    }

    @Override
    public TlsCredentials getCredentials() throws IOException {
        SecurityParameters sp = context.getSecurityParametersHandshake();
        int kex = sp.getKeyExchangeAlgorithm();
        boolean tls13 = TlsUtils.isTLSv13(context);
        if (!tls13 && kex == KeyExchangeAlgorithm.ECDHE_PSK) {
            return null;
        }
        if (!tls13 && kex != KeyExchangeAlgorithm.ECDHE_ECDSA && kex != KeyExchangeAlgorithm.ECDHE_RSA) {
            throw new TlsFatalAlert(AlertDescription.internal_error, "unexpected key exchange " + kex);
        }
        ServerKeyMaterial km = settings.keyMaterial();
        SignatureAndHashAlgorithm sigAlg = SignatureSchemes.select(km, tls13, sp.getClientSigAlgs());
        Certificate chain = tls13 ? settings.chain13() : settings.chain12();
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), settings.crypto(), km.privateKey(),
                chain, sigAlg);
    }

    // ---- PSK (RFC 9431 §2.2.3.2) ----

    /** TLS 1.3 external PSK: the first offered identity the resolver knows. */
    @Override
    @SuppressWarnings("rawtypes") // BC's signature
    public TlsPSKExternal getExternalPSK(Vector identities) {
        if (!settings.psk() || identities == null) {
            return null;
        }
        for (Object o : identities) {
            byte[] identity = ((PskIdentity) o).getIdentity();
            Optional<ResolvedPsk> resolved = settings.pskKeyResolver().resolve(identity.clone());
            if (resolved.isPresent()) {
                matchPsk(identity, resolved.get());
                int prf = "SHA-384".equals(matchedPsk.hashAlgorithm())
                        ? PRFAlgorithm.tls13_hkdf_sha384 : PRFAlgorithm.tls13_hkdf_sha256;
                // BC wipes the secret it is handed: key() is already a copy.
                return new BasicTlsPSKExternal(identity, getCrypto().createSecret(matchedPsk.key()), prf);
            }
        }
        return null;
    }

    /** TLS 1.2 ECDHE_PSK suites (RFC 8442, RFC 9431 §2.2.3 R-24). */
    @Override
    public TlsPSKIdentityManager getPSKIdentityManager() {
        if (!settings.psk()) {
            return null;
        }
        return new TlsPSKIdentityManager() {
            @Override
            public byte[] getHint() {
                return null;
            }

            @Override
            public byte[] getPSK(byte[] identity) {
                Optional<ResolvedPsk> resolved = settings.pskKeyResolver().resolve(identity.clone());
                if (resolved.isEmpty()) {
                    return null;
                }
                matchPsk(identity, resolved.get());
                return matchedPsk.key(); // a copy: BC zeroes what it gets
            }
        };
    }

    private void matchPsk(byte[] identity, ResolvedPsk psk) {
        this.matchedPsk = psk;
        this.peer = PeerIdentity.psk(identity, psk.binding());
    }

    // ---- Raw public keys (RFC 7250, RFC 9431 §2.2.3.1) ----

    @Override
    protected short[] getAllowedClientCertificateTypes() {
        // gnutls-cli lists X.509 first: with preferLocal the RPK wins whenever the client can do it.
        return settings.rawPublicKeys() ? new short[] {CertificateType.RawPublicKey, CertificateType.X509} : null;
    }

    @Override
    protected boolean preferLocalClientCertificateTypes() {
        return true;
    }

    @Override
    public CertificateRequest getCertificateRequest() throws IOException {
        if (!settings.rawPublicKeys() || context.getSecurityParametersHandshake().getClientCertificateType()
                != CertificateType.RawPublicKey) {
            return null;
        }
        Vector<?> sigAlgs = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
        if (TlsUtils.isTLSv13(context)) {
            return new CertificateRequest(TlsUtils.EMPTY_BYTES, sigAlgs, null, null);
        }
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        return new CertificateRequest(types, sigAlgs, null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        if (clientCertificate == null || clientCertificate.isEmpty()) {
            // certificate_required exists from TLS 1.3 on (RFC 8446 §6.2)
            short alert = TlsUtils.isTLSv13(context) ? AlertDescription.certificate_required
                    : AlertDescription.handshake_failure;
            throw new TlsFatalAlert(alert, "raw public key requested, none sent");
        }
        if (clientCertificate.getCertificateType() != CertificateType.RawPublicKey) {
            throw new TlsFatalAlert(AlertDescription.unsupported_certificate);
        }
        byte[] spki = clientCertificate.getCertificateAt(0).getEncoded();
        Optional<Object> binding = settings.rawPublicKeyVerifier().accept(spki.clone());
        if (binding.isEmpty()) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "raw public key not accepted");
        }
        this.peer = PeerIdentity.rawPublicKey(spki, binding.get());
    }

    // ---- Completion and diagnostics ----

    /** RFC 9431 §2.2.4.2.1: the exporter is only computable here (BC clears the exporter secret afterwards). */
    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        SecurityParameters sp = context.getSecurityParametersConnection();
        boolean tls13 = TlsUtils.isTLSv13(sp.getNegotiatedVersion());
        byte[] exporter = context.exportKeyingMaterial(TlsSessionInfo.EXPORTER_LABEL, TlsUtils.EMPTY_BYTES,
                TlsSessionInfo.EXPORTER_LENGTH);
        // RFC 5705: without a context the PRF input has no length field (OpenSSL/gnutls CLIs use this form).
        byte[] noContext = tls13 ? exporter : context.exportKeyingMaterial(TlsSessionInfo.EXPORTER_LABEL, null,
                TlsSessionInfo.EXPORTER_LENGTH);
        ProtocolName alpn = sp.getApplicationProtocol();
        sessionInfo = new TlsSessionInfo(tls13 ? "TLSv1.3" : "TLSv1.2", CipherSuites.name(sp.getCipherSuite()),
                exporter, noContext, sniHostName(sp), alpn == null ? null : alpn.getUtf8Decoding(), peer);
        releaseHandshakeState();
    }

    /**
     * The negotiation's inputs (the client's extensions and offers, ours) are not needed once the handshake is done:
     * renegotiation is refused and TLS 1.3 has none. Kept, they are ~1 KiB per idle connection (issue 7).
     */
    private void releaseHandshakeState() {
        clientExtensions = null;
        serverExtensions.clear();
        offeredCipherSuites = null;
        clientProtocolNames = null;
    }

    private static String sniHostName(SecurityParameters sp) {
        Vector<?> names = sp.getClientServerNames();
        if (names == null) {
            return null;
        }
        for (Object o : names) {
            ServerName name = (ServerName) o;
            if (name.getNameType() == NameType.host_name) {
                return new String(name.getNameData(), StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    @Override
    public void notifyAlertRaised(short alertLevel, short alertDescription, String message, Throwable cause) {
        if (alertLevel == AlertLevel.fatal) {
            lastAlert = "sent " + AlertDescription.getText(alertDescription) + (message == null ? "" : ": " + message);
        }
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        if (alertLevel == AlertLevel.fatal) {
            lastAlert = "received " + AlertDescription.getText(alertDescription);
        }
    }
}

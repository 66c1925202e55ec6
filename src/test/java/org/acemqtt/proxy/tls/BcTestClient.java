package org.acemqtt.proxy.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Vector;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.tls.BasicTlsPSKExternal;
import org.bouncycastle.tls.BasicTlsPSKIdentity;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CertificateType;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsPSKIdentity;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsRawKeyCertificate;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.PRFAlgorithm;
import org.bouncycastle.tls.ProtocolName;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/** An in-memory BouncyCastle TLS client (non-blocking {@link TlsClientProtocol}) for driving the server handler. */
final class BcTestClient {
    final TlsClientProtocol protocol = new TlsClientProtocol();
    final Client client;
    byte[] exporter;
    byte[] exporterNoContext;
    String negotiatedAlpn;

    private BcTestClient(Client client) {
        this.client = client;
    }

    static Builder builder(Path serverCertificatePem) {
        return new Builder(serverCertificatePem);
    }

    static final class Builder {
        private final Path serverCertificatePem;
        private ProtocolVersion[] versions = ProtocolVersion.TLSv13.downTo(ProtocolVersion.TLSv12);
        private boolean extendedMasterSecret = true;
        private String sni;
        private boolean alpn;
        private byte[] pskIdentity;
        private byte[] pskKey;
        private boolean psk12;
        private int pskPrf = PRFAlgorithm.tls13_hkdf_sha256;
        private AsymmetricCipherKeyPair rawPublicKey;
        private int[] suites;

        private Builder(Path serverCertificatePem) {
            this.serverCertificatePem = serverCertificatePem;
        }

        Builder versions(ProtocolVersion... v) {
            this.versions = v;
            return this;
        }

        Builder withoutExtendedMasterSecret() {
            this.extendedMasterSecret = false;
            return this;
        }

        Builder sni(String host) {
            this.sni = host;
            return this;
        }

        Builder alpnMqtt() {
            this.alpn = true;
            return this;
        }

        Builder externalPsk(byte[] identity, byte[] key) {
            return externalPsk(identity, key, PRFAlgorithm.tls13_hkdf_sha256);
        }

        Builder externalPsk(byte[] identity, byte[] key, int prfAlgorithm) {
            this.pskIdentity = identity;
            this.pskKey = key;
            this.pskPrf = prfAlgorithm;
            return this;
        }

        /** TLS 1.2 ECDHE_PSK suites only (RFC 8442), with this identity and key. */
        Builder psk12(byte[] identity, byte[] key) {
            this.pskIdentity = identity;
            this.pskKey = key;
            this.psk12 = true;
            this.versions = new ProtocolVersion[] {ProtocolVersion.TLSv12};
            return this;
        }

        /** Offers client_certificate_type RawPublicKey only and authenticates with this EC P-256 key (RFC 7250). */
        Builder rawPublicKey(AsymmetricCipherKeyPair ecKeyPair) {
            this.rawPublicKey = ecKeyPair;
            return this;
        }

        Builder cipherSuites(int... suites) {
            this.suites = suites;
            return this;
        }

        BcTestClient start() throws IOException {
            byte[] expected;
            try (PEMParser p = new PEMParser(Files.newBufferedReader(serverCertificatePem))) {
                expected = ((X509CertificateHolder) p.readObject()).getEncoded();
            }
            Client client = new Client(this, expected);
            BcTestClient result = new BcTestClient(client);
            client.owner = result;
            result.protocol.connect(client);
            return result;
        }
    }

    /** Ciphertext the client wants to send, or null. */
    ByteBuf takeOutput() {
        int n = protocol.getAvailableOutputBytes();
        if (n == 0) {
            return null;
        }
        byte[] out = new byte[n];
        protocol.readOutput(out, 0, n);
        return Unpooled.wrappedBuffer(out);
    }

    /** Feeds server ciphertext (and releases it). */
    void offer(ByteBuf ciphertext) throws IOException {
        try {
            byte[] data = new byte[ciphertext.readableBytes()];
            ciphertext.readBytes(data);
            protocol.offerInput(data);
        } finally {
            ciphertext.release();
        }
    }

    byte[] readPlaintext() {
        int n = protocol.getAvailableInputBytes();
        byte[] out = new byte[n];
        protocol.readInput(out, 0, n);
        return out;
    }

    boolean connected() {
        return exporter != null;
    }

    static final class Client extends DefaultTlsClient {
        private final Builder options;
        private final byte[] expectedServerCertificate;
        BcTestClient owner;

        Client(Builder options, byte[] expectedServerCertificate) {
            super(new BcTlsCrypto());
            this.options = options;
            this.expectedServerCertificate = expectedServerCertificate;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return options.versions;
        }

        @Override
        public boolean shouldUseExtendedMasterSecret() {
            return options.extendedMasterSecret;
        }

        @Override
        public boolean requiresExtendedMasterSecret() {
            return false;
        }

        @Override
        protected Vector<ServerName> getSNIServerNames() {
            return options.sni == null ? null
                    : new Vector<>(java.util.List.of(new ServerName(NameType.host_name, options.sni.getBytes())));
        }

        @Override
        protected Vector<ProtocolName> getProtocolNames() {
            return options.alpn ? new Vector<>(java.util.List.of(ProtocolName.OASIS_MQTT)) : null;
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            if (options.suites != null) {
                return options.suites;
            }
            if (options.psk12) {
                return new int[] {CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256,
                    CipherSuite.TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256};
            }
            return super.getSupportedCipherSuites();
        }

        @Override
        public TlsPSKIdentity getPSKIdentity() {
            return options.psk12 ? new BasicTlsPSKIdentity(options.pskIdentity, options.pskKey.clone()) : null;
        }

        @Override
        protected short[] getAllowedClientCertificateTypes() {
            return options.rawPublicKey == null ? null : new short[] {CertificateType.RawPublicKey};
        }

        @Override
        public Vector<?> getExternalPSKs() {
            if (options.pskIdentity == null || options.psk12) {
                return null;
            }
            return new Vector<>(java.util.List.of(new BasicTlsPSKExternal(options.pskIdentity,
                    getCrypto().createSecret(options.pskKey.clone()), options.pskPrf)));
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                    if (options.rawPublicKey == null) {
                        return null;
                    }
                    byte[] spki = SubjectPublicKeyInfoFactory
                            .createSubjectPublicKeyInfo(options.rawPublicKey.getPublic()).getEncoded();
                    BcTlsCrypto crypto = (BcTlsCrypto) getCrypto();
                    CertificateEntry entry = new CertificateEntry(new BcTlsRawKeyCertificate(crypto, spki), null);
                    Certificate rpk = new Certificate(CertificateType.RawPublicKey,
                            request.getCertificateRequestContext(), new CertificateEntry[] {entry});
                    return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                            options.rawPublicKey.getPrivate(), rpk,
                            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
                }

                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                    byte[] leaf = serverCertificate.getCertificate().getCertificateAt(0).getEncoded();
                    if (!Arrays.equals(leaf, expectedServerCertificate)) {
                        throw new TlsFatalAlert(org.bouncycastle.tls.AlertDescription.bad_certificate);
                    }
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            owner.exporter = context.exportKeyingMaterial(TlsSessionInfo.EXPORTER_LABEL, new byte[0], 32);
            owner.exporterNoContext = context.exportKeyingMaterial(TlsSessionInfo.EXPORTER_LABEL, null, 32);
            ProtocolName p = context.getSecurityParametersConnection().getApplicationProtocol();
            owner.negotiatedAlpn = p == null ? null : p.getUtf8Decoding();
        }
    }
}

package org.acemqtt.bench;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerOnlyTlsAuthentication;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipher;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipherImpl;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The load client's single TLS stack, used on all three paths so that client-side cost is identical: BouncyCastle's
 * blocking {@code TlsClientProtocol}, TLS 1.3 only, TLS_AES_128_GCM_SHA256, handshake maths in BC, record AES-GCM through
 * the JDK's intrinsified cipher (pure-BC GCM records would make the client the bottleneck). The JDK's SSLSocket cannot
 * export keying material, which the ace path needs for its proof of possession.
 */
final class BenchTls extends DefaultTlsClient {
    static final String EXPORTER_LABEL = "EXPORTER-ACE-MQTT-Sign-Challenge";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final byte[] expectedLeaf;
    volatile byte[] exporter;
    volatile int negotiatedSuite;

    /** @param expectedLeaf DER of the only server certificate accepted (the harness's own), or null to accept any */
    BenchTls(byte[] expectedLeaf) {
        super(new FastCrypto());
        this.expectedLeaf = expectedLeaf;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return new ProtocolVersion[] {ProtocolVersion.TLSv13};
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return new int[] {CipherSuite.TLS_AES_128_GCM_SHA256};
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new ServerOnlyTlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate cert) throws IOException {
                // Pinning the harness's generated leaf is enough on loopback (and cheaper than a chain check).
                if (expectedLeaf != null && !java.util.Arrays.equals(expectedLeaf,
                        cert.getCertificate().getCertificateAt(0).getEncoded())) {
                    throw new TlsFatalAlert(org.bouncycastle.tls.AlertDescription.bad_certificate);
                }
            }
        };
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        exporter = context.exportKeyingMaterial(EXPORTER_LABEL, null, 32);
        negotiatedSuite = context.getSecurityParametersConnection().getCipherSuite();
    }

    /** BC TLS crypto with AES-GCM records done by the JDK (AES-NI/CLMUL intrinsics). */
    static final class FastCrypto extends BcTlsCrypto {
        FastCrypto() {
            super(RANDOM);
        }

        @Override
        protected TlsAEADCipher createCipher_AES_GCM(TlsCryptoParameters params, int keySize, int macSize)
                throws IOException {
            return new TlsAEADCipher(params, new JdkGcm(true), new JdkGcm(false), keySize, macSize,
                    TlsAEADCipher.AEAD_GCM);
        }
    }

    static final class JdkGcm implements TlsAEADCipherImpl {
        private final boolean encrypt;
        private final Cipher cipher;
        private SecretKeySpec key;
        private byte[] nonce;
        private int macSize;

        JdkGcm(boolean encrypt) {
            this.encrypt = encrypt;
            try {
                cipher = Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void setKey(byte[] k, int off, int len) {
            key = new SecretKeySpec(k, off, len, "AES");
        }

        @Override
        public void init(byte[] nonce, int macSize) {
            this.nonce = nonce.clone();
            this.macSize = macSize;
        }

        @Override
        public int getOutputSize(int inputLength) {
            return encrypt ? inputLength + macSize : Math.max(0, inputLength - macSize);
        }

        @Override
        public int doFinal(byte[] aad, byte[] in, int inOff, int inLen, byte[] out, int outOff) throws IOException {
            try {
                cipher.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, key,
                        new GCMParameterSpec(macSize * 8, nonce));
                if (aad != null) {
                    cipher.updateAAD(aad);
                }
                return cipher.doFinal(in, inOff, inLen, out, outOff);
            } catch (javax.crypto.AEADBadTagException e) {
                throw new TlsFatalAlert(org.bouncycastle.tls.AlertDescription.bad_record_mac, e);
            } catch (GeneralSecurityException e) {
                throw new IOException(e);
            }
        }
    }
}

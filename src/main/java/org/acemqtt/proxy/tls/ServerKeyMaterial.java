package org.acemqtt.proxy.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;

/**
 * The listener's X.509 chain and private key, read from PEM with bcpkix's {@link PEMParser}: PKCS#8
 * ("PRIVATE KEY"), SEC1 ("EC PRIVATE KEY") or PKCS#1 ("RSA PRIVATE KEY"); EC P-256/P-384 or RSA. Immutable.
 */
final class ServerKeyMaterial {
    enum KeyType { EC, RSA }

    private final List<byte[]> chainDer;
    private final AsymmetricKeyParameter privateKey;
    private final KeyType keyType;
    private final int ecFieldBits;

    private ServerKeyMaterial(List<byte[]> chainDer, AsymmetricKeyParameter privateKey, KeyType keyType, int ecFieldBits) {
        this.chainDer = chainDer;
        this.privateKey = privateKey;
        this.keyType = keyType;
        this.ecFieldBits = ecFieldBits;
    }

    static ServerKeyMaterial load(Path certificate, Path key) throws TlsSettingsException {
        List<byte[]> chain = readChain(certificate);
        AsymmetricKeyParameter privateKey = readKey(key);
        AsymmetricKeyParameter publicKey;
        try {
            publicKey = PublicKeyFactory.createKey(new X509CertificateHolder(chain.get(0)).getSubjectPublicKeyInfo());
        } catch (IOException | RuntimeException e) {
            throw new TlsSettingsException("certificate: unsupported public key in " + certificate + ": " + e.getMessage(), e);
        }
        if (privateKey instanceof ECPrivateKeyParameters ec) {
            int bits = ec.getParameters().getCurve().getFieldSize();
            if (bits != 256 && bits != 384) {
                throw new TlsSettingsException("privateKey: unsupported EC curve (P-256 or P-384 expected): " + key);
            }
            if (!(publicKey instanceof ECPublicKeyParameters pub)
                    || !pub.getQ().equals(ec.getParameters().getG().multiply(ec.getD()).normalize())) {
                throw new TlsSettingsException("privateKey does not match certificate");
            }
            return new ServerKeyMaterial(chain, privateKey, KeyType.EC, bits);
        }
        if (privateKey instanceof RSAPrivateCrtKeyParameters rsa) {
            if (!(publicKey instanceof RSAKeyParameters pub) || !pub.getModulus().equals(rsa.getModulus())
                    || !pub.getExponent().equals(rsa.getPublicExponent())) {
                throw new TlsSettingsException("privateKey does not match certificate");
            }
            return new ServerKeyMaterial(chain, privateKey, KeyType.RSA, 0);
        }
        throw new TlsSettingsException("privateKey: unsupported key type (EC P-256/P-384 or RSA expected): " + key);
    }

    private static List<byte[]> readChain(Path certificate) throws TlsSettingsException {
        List<byte[]> chain = new ArrayList<>();
        try (PEMParser parser = new PEMParser(open(certificate, "certificate"))) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof X509CertificateHolder holder) {
                    chain.add(holder.getEncoded());
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new TlsSettingsException("certificate: not a PEM certificate chain: " + certificate + ": " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new TlsSettingsException("certificate: no PEM certificate in " + certificate);
        }
        return List.copyOf(chain);
    }

    private static AsymmetricKeyParameter readKey(Path key) throws TlsSettingsException {
        try (PEMParser parser = new PEMParser(open(key, "privateKey"))) {
            Object o;
            while ((o = parser.readObject()) != null) {
                PrivateKeyInfo info = o instanceof PEMKeyPair pair ? pair.getPrivateKeyInfo()
                        : o instanceof PrivateKeyInfo pki ? pki : null;
                if (info != null) {
                    return PrivateKeyFactory.createKey(info);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new TlsSettingsException("privateKey: not a PEM private key: " + key + ": " + e.getMessage(), e);
        }
        throw new TlsSettingsException("privateKey: not a PEM private key: " + key
                + " (expected PKCS#8, SEC1 EC or PKCS#1 RSA; encrypted keys are not supported)");
    }

    private static Reader open(Path path, String key) throws TlsSettingsException {
        try {
            return Files.newBufferedReader(path, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new TlsSettingsException(key + ": file not found: " + path, e);
        } catch (IOException e) {
            throw new TlsSettingsException(key + ": cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    List<byte[]> chainDer() {
        return chainDer;
    }

    AsymmetricKeyParameter privateKey() {
        return privateKey;
    }

    KeyType keyType() {
        return keyType;
    }

    /** 256 or 384 for EC keys, 0 for RSA. */
    int ecFieldBits() {
        return ecFieldBits;
    }
}

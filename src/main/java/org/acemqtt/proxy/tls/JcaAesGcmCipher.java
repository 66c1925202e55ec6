package org.acemqtt.proxy.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipherImpl;

/**
 * AES-GCM record protection through the JDK's intrinsics-backed "AES/GCM/NoPadding" (SunJCE uses AES-NI and CLMUL):
 * PERF.md measured ~415 MB/s against 63 MB/s for BouncyCastle's pure-Java GCM. One instance per direction per
 * connection; confined to the connection's event loop.
 */
final class JcaAesGcmCipher implements TlsAEADCipherImpl {
    private final boolean encrypting;
    private final Cipher cipher;
    private SecretKeySpec key;

    JcaAesGcmCipher(boolean encrypting) throws IOException {
        this.encrypting = encrypting;
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new TlsFatalAlert(AlertDescription.internal_error, e);
        }
    }

    @Override
    public void setKey(byte[] keyBytes, int keyOff, int keyLen) {
        this.key = new SecretKeySpec(keyBytes, keyOff, keyLen, "AES");
    }

    @Override
    public void init(byte[] nonce, int macSize) throws IOException {
        try {
            cipher.init(encrypting ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, key, new GCMParameterSpec(macSize * 8, nonce));
        } catch (GeneralSecurityException e) {
            throw new TlsFatalAlert(AlertDescription.internal_error, e);
        }
    }

    @Override
    public int getOutputSize(int inputLength) {
        return cipher.getOutputSize(inputLength);
    }

    @Override
    public int doFinal(byte[] additionalData, byte[] input, int inputOffset, int inputLength, byte[] output,
                       int outputOffset) throws IOException {
        try {
            if (additionalData != null && additionalData.length > 0) {
                cipher.updateAAD(additionalData);
            }
            // Cipher.doFinal is copy-safe: input and output may be the same array (BC decrypts in place).
            return cipher.doFinal(input, inputOffset, inputLength, output, outputOffset);
        } catch (AEADBadTagException e) {
            throw new TlsFatalAlert(AlertDescription.bad_record_mac, e);
        } catch (GeneralSecurityException e) {
            throw new TlsFatalAlert(AlertDescription.internal_error, e);
        }
    }
}

package org.acemqtt.proxy.token;

import org.bouncycastle.crypto.digests.SHA256Digest;

/** SHA-256 over one or more byte arrays. */
final class Sha256 {
    private Sha256() {
    }

    static byte[] of(byte[]... parts) {
        SHA256Digest d = new SHA256Digest();
        for (byte[] p : parts) {
            d.update(p, 0, p.length);
        }
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }
}

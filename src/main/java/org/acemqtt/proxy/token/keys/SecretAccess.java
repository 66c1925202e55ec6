package org.acemqtt.proxy.token.keys;

/**
 * The one door to a symmetric issuer key's bytes, for the COSE layer that must feed them to HMAC or AES.
 * Returns the internal array: callers must not change or keep it.
 */
public final class SecretAccess {
    private SecretAccess() {
    }

    public static byte[] secretOf(IssuerKey key) {
        return key.secret();
    }
}

package org.acemqtt.proxy.tls;

/**
 * A PSK found for an identity.
 *
 * @param key           the symmetric key (copied by the TLS layer, which wipes its own copy)
 * @param hashAlgorithm "SHA-256" or "SHA-384": the TLS 1.3 cipher suites are restricted to this hash
 * @param binding       what the authorization layer wants back on the session (e.g. the stored token); opaque here
 */
public record ResolvedPsk(byte[] key, String hashAlgorithm, Object binding) {
    public ResolvedPsk {
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("key must not be empty");
        }
        if (!"SHA-256".equals(hashAlgorithm) && !"SHA-384".equals(hashAlgorithm)) {
            throw new IllegalArgumentException("hashAlgorithm must be SHA-256 or SHA-384: " + hashAlgorithm);
        }
        key = key.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }
}

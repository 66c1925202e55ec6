package org.acemqtt.proxy.tls;

import java.util.Optional;

/** Decides whether a client's RFC 7250 raw public key is acceptable (RFC 9431 §2.2.3.1, RFC 9202 §3.2.2). */
@FunctionalInterface
public interface RawPublicKeyVerifier {
    /** Refuses every key: the default until tokens are wired in. */
    RawPublicKeyVerifier NONE = spki -> Optional.empty();

    /**
     * SubjectPublicKeyInfo DER of the client's RPK; synchronous, from memory.
     *
     * @return the binding (e.g. the stored token) if the key is accepted, empty to abort with {@code bad_certificate}
     */
    Optional<Object> accept(byte[] subjectPublicKeyInfo);
}

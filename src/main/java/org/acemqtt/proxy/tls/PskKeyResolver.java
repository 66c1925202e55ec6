package org.acemqtt.proxy.tls;

import java.util.Optional;

/**
 * Maps a TLS-PSK identity to its key (RFC 9431 §2.2.3.2, RFC 9202 §3.3.2): the identity is a {@code cnf} structure with
 * a {@code kid}, a whole token, or raw {@code kid} bytes.
 */
@FunctionalInterface
public interface PskKeyResolver {
    /** Refuses every identity: the default until tokens are wired in. */
    PskKeyResolver NONE = identity -> Optional.empty();

    /** Called synchronously on the event loop: must answer from memory. */
    Optional<ResolvedPsk> resolve(byte[] identity);
}

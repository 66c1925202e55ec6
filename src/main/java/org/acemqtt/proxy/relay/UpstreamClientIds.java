package org.acemqtt.proxy.relay;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.acemqtt.proxy.auth.Grant;
import org.acemqtt.proxy.config.UpstreamConfig.ClientIdPolicy;

/**
 * The Client Identifier the broker sees. RFC 9431 §2.2.4.1 leaves the identifier unauthenticated, so with
 * {@code bind-to-key} the proxy derives it from the holder's PoP key and the client's own identifier: a holder of one
 * key can never resume, take over or read the session (and its queue) of another key's holder. An empty identifier
 * stays empty (the broker assigns a fresh one).
 */
final class UpstreamClientIds {
    /** 128 bits of the hash, base64url: 22 characters, well inside every broker's limit. */
    private static final int HASH_BYTES = 16;

    private UpstreamClientIds() {
    }

    static String of(ClientIdPolicy policy, Grant grant, String clientId) {
        if (policy == ClientIdPolicy.PASSTHROUGH || clientId.isEmpty()) {
            return clientId;
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(grant.holderIdentity());
            sha256.update((byte) 0);
            sha256.update(clientId.getBytes(StandardCharsets.UTF_8));
            byte[] digest = sha256.digest();
            return "ace-" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, HASH_BYTES));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}

package org.acemqtt.proxy.auth;

import java.util.Optional;
import org.acemqtt.proxy.pop.ProofAlgorithm;
import org.acemqtt.proxy.token.AccessToken;
import org.acemqtt.proxy.token.PopKey;
import org.acemqtt.proxy.token.store.TokenStore;

/**
 * Checks a client's MAC or signature with the PoP key of its token (RFC 9431 §2.2.5: signature/MAC validation fails
 * if the key cannot be determined or the values differ). A {@code cnf} holding only a {@code kid} names a symmetric key
 * the proxy already holds from an earlier token (RFC 8747 §3.4); it is resolved through the token store.
 */
final class ProofCheck {
    private ProofCheck() {
    }

    static boolean verify(AccessToken token, byte[] message, byte[] proof, TokenStore store) {
        return resolve(token.popKey(), store).map(key -> verify(key, message, proof)).orElse(false);
    }

    static boolean verify(PopKey key, byte[] message, byte[] proof) {
        if (key instanceof PopKey.Symmetric symmetric) {
            return ProofAlgorithm.verifyHs256(symmetric.key(), message, proof);
        } else if (key instanceof PopKey.Ed25519 ed25519) {
            return ProofAlgorithm.verifyEd25519(ed25519.x(), message, proof);
        } else if (key instanceof PopKey.EcP256 ec) {
            return ProofAlgorithm.verifyEs256(ec.x(), ec.y(), message, proof);
        }
        return false;
    }

    /** The key material itself; a kid reference is looked up among the stored tokens' symmetric keys. */
    static Optional<PopKey> resolve(PopKey key, TokenStore store) {
        if (!(key instanceof PopKey.KidReference reference)) {
            return Optional.ofNullable(key);
        }
        return store.findByKid(reference.kid()).map(AccessToken::popKey)
                .filter(found -> !(found instanceof PopKey.KidReference));
    }
}

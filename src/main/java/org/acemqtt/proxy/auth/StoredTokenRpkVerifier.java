package org.acemqtt.proxy.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.acemqtt.proxy.tls.RawPublicKeyVerifier;

/**
 * RFC 7250 raw public keys (RFC 9431 §2.2.3.1, RFC 9202 §3.2.2): the handshake completes only if the client's key is
 * the {@code cnf} key of a valid token it uploaded to {@code authz-info} beforehand; that token becomes the grant.
 */
public final class StoredTokenRpkVerifier implements RawPublicKeyVerifier {
    private final TokenAuthority tokens;

    public StoredTokenRpkVerifier(TokenAuthority tokens) {
        this.tokens = tokens;
    }

    @Override
    public Optional<Object> accept(byte[] subjectPublicKeyInfo) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(subjectPublicKeyInfo);
            return tokens.store().findByPublicKeySha256(hash).map(token -> token);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}

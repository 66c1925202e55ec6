package org.acemqtt.proxy.auth;

import java.util.Optional;
import org.acemqtt.proxy.tls.PskKeyResolver;
import org.acemqtt.proxy.tls.ResolvedPsk;
import org.acemqtt.proxy.token.AccessToken;
import org.acemqtt.proxy.token.PopKey;
import org.acemqtt.proxy.token.VerificationResult;
import org.acemqtt.proxy.token.cbor.CborBytes;
import org.acemqtt.proxy.token.cbor.CborException;
import org.acemqtt.proxy.token.cbor.CborItem;
import org.acemqtt.proxy.token.cbor.CborMap;
import org.acemqtt.proxy.token.cbor.CborReader;

/**
 * TLS-PSK with the symmetric {@code cnf} key of a token (RFC 9431 §2.2.3.2, RFC 9202 §3.3.2). The PSK identity is
 * accepted in the three forms of CONTRACT.md: the CBOR {@code cnf} structure holding a COSE_Key with a {@code kid}
 * ({@code {8: {1: {1: 4, 2: kid}}}}), a whole access token (validated and stored before the handshake continues), or
 * the raw {@code kid} bytes (for clients such as {@code mosquitto_pub --psk-identity} that can only send text).
 * Runs synchronously in the handshake on the event loop: everything it needs is in memory.
 */
public final class StoredTokenPskResolver implements PskKeyResolver {
    private static final long CNF = 8;
    private static final long COSE_KEY = 1;
    private static final long KID = 2;
    private final TokenAuthority tokens;

    public StoredTokenPskResolver(TokenAuthority tokens) {
        this.tokens = tokens;
    }

    @Override
    public Optional<ResolvedPsk> resolve(byte[] identity) {
        if (identity == null || identity.length == 0) {
            return Optional.empty();
        }
        Optional<byte[]> kid = cnfKid(identity);
        if (kid.isPresent()) {
            return tokens.store().findByKid(kid.get()).flatMap(StoredTokenPskResolver::psk);
        }
        VerificationResult result = tokens.verify(identity);
        if (result.isSuccess()) {
            tokens.store().put(result.token());
            return psk(result.token());
        }
        return tokens.store().findByKid(identity).flatMap(StoredTokenPskResolver::psk);
    }

    private static Optional<ResolvedPsk> psk(AccessToken token) {
        if (token.popKey() instanceof PopKey.Symmetric symmetric) {
            // A copy: BouncyCastle zeroes the array it is given.
            return Optional.of(new ResolvedPsk(symmetric.key(), "SHA-256", token));
        }
        return Optional.empty();
    }

    /** The kid of a {@code cnf} structure used as identity, if that is what the identity is. */
    static Optional<byte[]> cnfKid(byte[] identity) {
        try {
            CborItem root = CborReader.decode(identity);
            if (root instanceof CborMap cnfMap && cnfMap.size() == 1 && cnfMap.get(CNF) instanceof CborMap cnf
                    && cnf.get(COSE_KEY) instanceof CborMap key && key.get(KID) instanceof CborBytes kid) {
                return Optional.of(kid.toByteArray());
            }
        } catch (CborException notCbor) {
            // A raw kid or something else: not this form.
        }
        return Optional.empty();
    }
}

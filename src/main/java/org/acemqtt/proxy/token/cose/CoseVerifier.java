package org.acemqtt.proxy.token.cose;

import java.util.ArrayList;
import java.util.List;
import org.acemqtt.proxy.token.TokenDenyReason;
import org.acemqtt.proxy.token.TokenRefusedException;
import org.acemqtt.proxy.token.cbor.CborBytes;
import org.acemqtt.proxy.token.keys.IssuerKey;
import org.acemqtt.proxy.token.keys.IssuerRegistry;
import org.acemqtt.proxy.token.keys.TrustedIssuer;

/**
 * Verifies one COSE_Sign1 / COSE_Mac0 or decrypts one COSE_Encrypt0 with the keys of the trusted issuers
 * (RFC 9052 §4.4, §5.3, §6.3; RFC 9200 §5.10.1.1: the protection must come from an AS entitled to issue tokens).
 *
 * <p>Key selection: with a {@code kid} header, only keys with that kid are tried (none: {@code UNKNOWN_KID}; only
 * keys of another type or alg: {@code KEY_ALG_MISMATCH}); without a kid, every key that fits the alg is tried.
 */
public final class CoseVerifier {
    private static final byte[] NO_AAD = new byte[0];

    private CoseVerifier() {
    }

    public static VerifiedLayer verify(CoseMessage msg, IssuerRegistry registry) throws TokenRefusedException {
        return verify(msg, registry, NO_AAD);
    }

    public static VerifiedLayer verify(CoseMessage msg, IssuerRegistry registry, byte[] externalAad)
            throws TokenRefusedException {
        CoseHeaders headers = CoseHeaders.resolve(msg);
        CoseAlgorithm alg = headers.alg();
        List<Candidate> candidates = candidates(registry, headers.kid(), alg);
        for (Candidate c : candidates) {
            CborBytes content = attempt(msg, headers, c.key(), externalAad);
            if (content != null) {
                return new VerifiedLayer(msg.type(), alg, c.issuer(), c.key(), content);
            }
        }
        throw switch (msg.type()) {
            case SIGN1 -> new TokenRefusedException(TokenDenyReason.BAD_SIGNATURE, alg + " signature");
            case MAC0 -> new TokenRefusedException(TokenDenyReason.BAD_MAC, alg + " tag");
            case ENCRYPT0 -> new TokenRefusedException(TokenDenyReason.DECRYPTION_FAILED, alg + " decryption");
        };
    }

    private static CborBytes attempt(CoseMessage msg, CoseHeaders h, IssuerKey key, byte[] aad) {
        CoseAlgorithm alg = h.alg();
        switch (msg.type()) {
            case SIGN1:
                return CoseCrypto.verifySignature(alg, key, msg.protectedBytes(), aad, msg.content(), msg.tag())
                        ? msg.content() : null;
            case MAC0:
                return CoseCrypto.verifyMac(alg, key, msg.protectedBytes(), aad, msg.content(), msg.tag())
                        ? msg.content() : null;
            default:
                byte[] plain = CoseCrypto.decrypt(alg, key, msg.protectedBytes(), aad, h.iv(), msg.content());
                return plain == null ? null : CborBytes.of(plain);
        }
    }

    private record Candidate(TrustedIssuer issuer, IssuerKey key) {
    }

    private static List<Candidate> candidates(IssuerRegistry registry, CborBytes kid, CoseAlgorithm alg)
            throws TokenRefusedException {
        List<Candidate> out = new ArrayList<>(2);
        boolean kidSeen = false;
        for (TrustedIssuer issuer : registry.issuers()) {
            for (IssuerKey key : issuer.keys()) {
                if (kid != null && !key.kidEquals(kid.source(), kid.offset(), kid.length())) {
                    continue;
                }
                kidSeen = true;
                if (alg.accepts(key)) {
                    out.add(new Candidate(issuer, key));
                }
            }
        }
        if (out.isEmpty()) {
            if (kid != null && kidSeen) {
                throw new TokenRefusedException(TokenDenyReason.KEY_ALG_MISMATCH,
                        "key with this kid does not fit " + alg);
            }
            throw new TokenRefusedException(TokenDenyReason.UNKNOWN_KID,
                    kid == null ? "no kid and no key fits " + alg : "kid unknown");
        }
        return out;
    }
}

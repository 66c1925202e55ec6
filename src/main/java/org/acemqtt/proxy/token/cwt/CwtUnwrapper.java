package org.acemqtt.proxy.token.cwt;

import org.acemqtt.proxy.token.TokenDenyReason;
import org.acemqtt.proxy.token.TokenRefusedException;
import org.acemqtt.proxy.token.cbor.CborException;
import org.acemqtt.proxy.token.cbor.CborItem;
import org.acemqtt.proxy.token.cbor.CborMap;
import org.acemqtt.proxy.token.cbor.CborReader;
import org.acemqtt.proxy.token.cose.CoseMessage;
import org.acemqtt.proxy.token.cose.CoseType;
import org.acemqtt.proxy.token.cose.CoseVerifier;
import org.acemqtt.proxy.token.cose.VerifiedLayer;
import org.acemqtt.proxy.token.keys.IssuerRegistry;
import org.acemqtt.proxy.token.keys.TrustedIssuer;

/**
 * RFC 8392 §7.2 steps 2-7: strip tag 61, verify or decrypt each COSE layer, repeat while the content is again a
 * tagged CWT/COSE object (nested CWT, e.g. Encrypt0 around Sign1), and return the claims map. Inner layers must be
 * protected by the same issuer as the outer one.
 */
public final class CwtUnwrapper {
    /** At most this many COSE layers. */
    public static final int MAX_LAYERS = 3;

    /** The result: claims plus what protected them. */
    public record Unwrapped(CborMap claims, TrustedIssuer issuer, CoseType outerFormat, boolean encrypted) {
    }

    private CwtUnwrapper() {
    }

    public static Unwrapped unwrap(CborItem token, IssuerRegistry registry) throws TokenRefusedException {
        CborItem current = token;
        IssuerRegistry keys = registry;
        TrustedIssuer issuer = null;
        CoseType outer = null;
        boolean encrypted = false;
        for (int layer = 0; layer < MAX_LAYERS; layer++) {
            VerifiedLayer verified = CoseVerifier.verify(CoseMessage.parse(current, null), keys);
            if (issuer == null) {
                issuer = verified.issuer();
                outer = verified.type();
                keys = IssuerRegistry.of(issuer);
            }
            encrypted |= verified.type() == CoseType.ENCRYPT0;
            CborItem content;
            try {
                content = CborReader.decode(verified.content(), CborReader.DEFAULT_MAX_DEPTH);
            } catch (CborException e) {
                throw new TokenRefusedException(TokenDenyReason.MALFORMED_CLAIMS, "content: " + e.getMessage());
            }
            if (content instanceof CborMap claims) {
                return new Unwrapped(claims, issuer, outer, encrypted);
            }
            if (!CoseMessage.isTaggedToken(content)) {
                throw new TokenRefusedException(TokenDenyReason.MALFORMED_CLAIMS, "content is not a claims map");
            }
            current = content;
        }
        throw new TokenRefusedException(TokenDenyReason.NESTING_TOO_DEEP, "more than " + MAX_LAYERS + " layers");
    }
}

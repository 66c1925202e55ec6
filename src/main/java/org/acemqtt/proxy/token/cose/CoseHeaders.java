package org.acemqtt.proxy.token.cose;

import org.acemqtt.proxy.token.TokenDenyReason;
import org.acemqtt.proxy.token.TokenRefusedException;
import org.acemqtt.proxy.token.cbor.CborArray;
import org.acemqtt.proxy.token.cbor.CborBytes;
import org.acemqtt.proxy.token.cbor.CborException;
import org.acemqtt.proxy.token.cbor.CborInt;
import org.acemqtt.proxy.token.cbor.CborItem;
import org.acemqtt.proxy.token.cbor.CborMap;
import org.acemqtt.proxy.token.cbor.CborReader;
import org.acemqtt.proxy.token.cbor.CborText;

/**
 * The header parameters this proxy acts on, resolved from both buckets (RFC 9052 §3, §3.1).
 *
 * <p>Rules: an empty protected bucket must be a zero-length bstr (an encoded empty map {@code h'a0'} is refused,
 * so the signed bytes are always the bytes received); a label must not be in both buckets; {@code alg} must be in
 * the protected bucket (it "MUST be authenticated where the ability to do so exists"); {@code crit} must be
 * protected, a non-empty array, and name only parameters this proxy understands; {@code kid} and {@code IV} are
 * byte strings; {@code Partial IV} is refused (it needs a Base IV context this proxy does not keep).
 */
public record CoseHeaders(CoseAlgorithm alg, CborBytes kid, CborBytes iv) {
    static final int ALG = 1;
    static final int CRIT = 2;
    static final int CONTENT_TYPE = 3;
    static final int KID = 4;
    static final int IV = 5;
    static final int PARTIAL_IV = 6;
    private static final int MAX_HEADER_DEPTH = 4;

    public static CoseHeaders resolve(CoseMessage msg) throws TokenRefusedException {
        CborMap prot = decodeProtected(msg.protectedBytes());
        CborMap unprot = msg.unprotectedHeaders();
        for (int i = 0; i < prot.size(); i++) {
            if (unprot.get(prot.keyAt(i)) != null) {
                throw malformed("header parameter " + prot.keyAt(i) + " in both buckets");
            }
        }
        if (unprot.get(CRIT) != null) {
            throw malformed("crit must be in the protected bucket");
        }
        checkCrit(prot.get(CRIT));
        CoseAlgorithm alg = algorithm(prot.get(ALG), unprot.get(ALG) != null);
        if (alg.family().structure() != msg.type()) {
            throw new TokenRefusedException(TokenDenyReason.UNSUPPORTED_ALG,
                    "alg " + alg + " is not usable in COSE_" + msg.type().context());
        }
        CborBytes kid = bytesHeader(prot, unprot, KID, "kid");
        CborBytes iv = bytesHeader(prot, unprot, IV, "IV");
        if (prot.get(PARTIAL_IV) != null || unprot.get(PARTIAL_IV) != null) {
            throw new TokenRefusedException(TokenDenyReason.UNSUPPORTED_COSE_STRUCTURE, "Partial IV not supported");
        }
        return new CoseHeaders(alg, kid, iv);
    }

    private static CborMap decodeProtected(CborBytes bytes) throws TokenRefusedException {
        if (bytes.length() == 0) {
            return EmptyMap.INSTANCE;
        }
        CborItem item;
        try {
            item = CborReader.decode(bytes, MAX_HEADER_DEPTH);
        } catch (CborException e) {
            throw malformed("protected header: " + e.getMessage());
        }
        if (!(item instanceof CborMap m)) {
            throw malformed("protected header is not a map");
        }
        if (m.size() == 0) {
            throw malformed("empty protected header must be encoded as a zero-length bstr");
        }
        return m;
    }

    private static CoseAlgorithm algorithm(CborItem value, boolean unprotectedAlg) throws TokenRefusedException {
        if (value == null) {
            throw new TokenRefusedException(TokenDenyReason.ALG_MISSING_OR_NONE,
                    unprotectedAlg ? "alg must be in the protected header" : "no alg header");
        }
        if (value instanceof CborText t) {
            if (t.value().equalsIgnoreCase("none")) {
                throw new TokenRefusedException(TokenDenyReason.ALG_MISSING_OR_NONE, "alg none");
            }
            throw new TokenRefusedException(TokenDenyReason.UNSUPPORTED_ALG, "text alg not supported");
        }
        if (!(value instanceof CborInt i)) {
            throw malformed("alg must be an integer");
        }
        if (i.value() == 0) {
            throw new TokenRefusedException(TokenDenyReason.ALG_MISSING_OR_NONE, "alg 0 (reserved)");
        }
        CoseAlgorithm alg = CoseAlgorithm.byId(i.value());
        if (alg == null) {
            throw new TokenRefusedException(TokenDenyReason.UNSUPPORTED_ALG, "alg " + i.value() + " not supported");
        }
        return alg;
    }

    private static void checkCrit(CborItem crit) throws TokenRefusedException {
        if (crit == null) {
            return;
        }
        if (!(crit instanceof CborArray a) || a.size() == 0) {
            throw malformed("crit must be a non-empty array");
        }
        for (CborItem label : a.items()) {
            boolean understood = label instanceof CborInt i
                    && (i.value() == ALG || i.value() == CONTENT_TYPE || i.value() == KID || i.value() == IV);
            if (!understood) {
                throw new TokenRefusedException(TokenDenyReason.UNKNOWN_CRITICAL_HEADER,
                        "crit lists " + (label instanceof CborText ? "a text label" : String.valueOf(label)));
            }
        }
    }

    private static CborBytes bytesHeader(CborMap prot, CborMap unprot, int label, String name)
            throws TokenRefusedException {
        CborItem v = prot.get(label);
        if (v == null) {
            v = unprot.get(label);
        }
        if (v == null) {
            return null;
        }
        if (!(v instanceof CborBytes b)) {
            throw malformed(name + " must be a bstr");
        }
        return b;
    }

    private static TokenRefusedException malformed(String detail) {
        return new TokenRefusedException(TokenDenyReason.MALFORMED_COSE, detail);
    }

    /** The empty protected bucket. */
    private static final class EmptyMap {
        static final CborMap INSTANCE = emptyMap();

        private static CborMap emptyMap() {
            try {
                return (CborMap) CborReader.decode(new byte[] {(byte) 0xa0});
            } catch (CborException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

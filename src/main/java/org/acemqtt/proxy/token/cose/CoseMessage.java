package org.acemqtt.proxy.token.cose;

import org.acemqtt.proxy.token.TokenDenyReason;
import org.acemqtt.proxy.token.TokenRefusedException;
import org.acemqtt.proxy.token.cbor.CborArray;
import org.acemqtt.proxy.token.cbor.CborBytes;
import org.acemqtt.proxy.token.cbor.CborItem;
import org.acemqtt.proxy.token.cbor.CborMap;
import org.acemqtt.proxy.token.cbor.CborTag;

/**
 * The parts of one COSE_Sign1, COSE_Mac0 or COSE_Encrypt0 (RFC 9052 §4.2, §5.2, §6.2), not yet verified.
 * {@code content} is the payload (Sign1/Mac0) or the ciphertext (Encrypt0); {@code tag} is the signature or MAC
 * tag, {@code null} for Encrypt0.
 */
public record CoseMessage(CoseType type, CborBytes protectedBytes, CborMap unprotectedHeaders, CborBytes content,
                          CborBytes tag) {

    /** Whether the item is a CWT tag (61) or one of the COSE tags this proxy handles. */
    public static boolean isTaggedToken(CborItem item) {
        return item instanceof CborTag t && (t.tag() == 61 || CoseType.byTag(t.tag()) != null);
    }

    /**
     * Parses a tagged message, stripping an optional CWT tag 61 (RFC 8392 §6) first.
     *
     * @param untagged the structure to assume for an untagged array, or {@code null} to refuse untagged input
     */
    public static CoseMessage parse(CborItem item, CoseType untagged) throws TokenRefusedException {
        CborItem body = item;
        if (body instanceof CborTag t && t.tag() == 61) {
            body = t.content();
            if (!(body instanceof CborTag)) {
                throw refuse(TokenDenyReason.UNSUPPORTED_COSE_STRUCTURE, "CWT tag 61 must wrap a tagged COSE object");
            }
        }
        CoseType type = untagged;
        if (body instanceof CborTag t) {
            type = CoseType.byTag(t.tag());
            if (type == null) {
                throw refuse(TokenDenyReason.UNSUPPORTED_COSE_STRUCTURE, "unsupported CBOR tag " + t.tag());
            }
            body = t.content();
        }
        if (type == null) {
            throw refuse(TokenDenyReason.UNSUPPORTED_COSE_STRUCTURE, "untagged COSE object");
        }
        if (!(body instanceof CborArray a) || a.size() != type.arrayLength()) {
            throw refuse(TokenDenyReason.MALFORMED_COSE, "COSE_" + type.context() + " must be an array of "
                    + type.arrayLength());
        }
        if (!(a.get(0) instanceof CborBytes prot) || !(a.get(1) instanceof CborMap unprot)) {
            throw refuse(TokenDenyReason.MALFORMED_COSE, "protected must be a bstr, unprotected a map");
        }
        if (!(a.get(2) instanceof CborBytes content)) {
            throw refuse(TokenDenyReason.MALFORMED_COSE, "payload/ciphertext must be a bstr (detached not accepted)");
        }
        CborBytes tag = null;
        if (type != CoseType.ENCRYPT0) {
            if (!(a.get(3) instanceof CborBytes t)) {
                throw refuse(TokenDenyReason.MALFORMED_COSE, "signature/tag must be a bstr");
            }
            tag = t;
        }
        return new CoseMessage(type, prot, unprot, content, tag);
    }

    static TokenRefusedException refuse(TokenDenyReason reason, String detail) {
        return new TokenRefusedException(reason, detail);
    }
}

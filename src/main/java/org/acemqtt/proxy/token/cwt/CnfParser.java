package org.acemqtt.proxy.token.cwt;

import org.acemqtt.proxy.token.PopKey;
import org.acemqtt.proxy.token.TokenDenyReason;
import org.acemqtt.proxy.token.TokenRefusedException;
import org.acemqtt.proxy.token.cbor.CborBytes;
import org.acemqtt.proxy.token.cbor.CborException;
import org.acemqtt.proxy.token.cbor.CborInt;
import org.acemqtt.proxy.token.cbor.CborItem;
import org.acemqtt.proxy.token.cbor.CborMap;
import org.acemqtt.proxy.token.cbor.CborReader;
import org.acemqtt.proxy.token.cose.CoseMessage;
import org.acemqtt.proxy.token.cose.CoseType;
import org.acemqtt.proxy.token.cose.CoseVerifier;
import org.acemqtt.proxy.token.keys.IssuerKey;
import org.acemqtt.proxy.token.keys.IssuerRegistry;
import org.acemqtt.proxy.token.keys.TrustedIssuer;

/**
 * The {@code cnf} claim (RFC 8747 §3.1): exactly one of COSE_Key (1), Encrypted_COSE_Key (2, a COSE_Encrypt0
 * decrypted with the issuer's symmetric keys) or kid (3). Supported keys: Symmetric, OKP Ed25519, EC2 P-256.
 * A COSE_Key carrying a private part ({@code d}) is refused. Without issuer keys (an introspection answer from an
 * AS whose keys this proxy does not hold) an Encrypted_COSE_Key is refused as unsupported.
 */
final class CnfParser {
    /** The key and whether it arrived encrypted. */
    record Parsed(PopKey key, boolean wasEncrypted) {
    }

    private CnfParser() {
    }

    static Parsed parse(CborItem cnf, TrustedIssuer issuer) throws TokenRefusedException {
        if (!(cnf instanceof CborMap m) || m.size() != 1 || !(m.keyAt(0) instanceof CborInt method)) {
            throw malformed("cnf must be a map with exactly one confirmation method");
        }
        CborItem value = m.valueAt(0);
        switch ((int) Math.max(Math.min(method.value(), 100), -100)) {
            case 1:
                return new Parsed(coseKey(value), false);
            case 2:
                if (issuer == null) {
                    throw new TokenRefusedException(TokenDenyReason.UNSUPPORTED_POP_KEY,
                            "Encrypted_COSE_Key but no keys of this issuer to decrypt it");
                }
                return new Parsed(decryptKey(value, issuer), true);
            case 3:
                if (!(value instanceof CborBytes kid) || kid.length() == 0) {
                    throw malformed("cnf kid must be a non-empty bstr");
                }
                return new Parsed(new PopKey.KidReference(kid.toByteArray()), false);
            default:
                throw new TokenRefusedException(TokenDenyReason.UNSUPPORTED_POP_KEY,
                        "confirmation method " + method.value() + " not supported");
        }
    }

    private static PopKey decryptKey(CborItem value, TrustedIssuer issuer) throws TokenRefusedException {
        var layer = CoseVerifier.verify(CoseMessage.parse(value, CoseType.ENCRYPT0), IssuerRegistry.of(issuer));
        if (layer.type() != CoseType.ENCRYPT0) {
            throw malformed("Encrypted_COSE_Key must be a COSE_Encrypt0");
        }
        try {
            return coseKey(CborReader.decode(layer.content(), 4));
        } catch (CborException e) {
            throw malformed("Encrypted_COSE_Key plaintext: " + e.getMessage());
        }
    }

    static PopKey coseKey(CborItem item) throws TokenRefusedException {
        if (!(item instanceof CborMap key)) {
            throw malformed("COSE_Key must be a map");
        }
        byte[] kid = optionalBytes(key, 2, "kid");
        Integer alg = key.get(3) instanceof CborInt a ? (int) a.value() : null;
        long kty = requiredInt(key, 1, "kty");
        if (kty == 4) {
            byte[] k = optionalBytes(key, -1, "k");
            if (k == null || k.length == 0) {
                throw malformed("symmetric COSE_Key without k");
            }
            return new PopKey.Symmetric(k, kid, alg);
        }
        if (key.get(-4) != null) {
            throw malformed("COSE_Key carries a private key (d)");
        }
        long crv = requiredInt(key, -1, "crv");
        byte[] x = optionalBytes(key, -2, "x");
        if (kty == 1 && crv == IssuerKey.ED25519) {
            if (x == null || x.length != 32) {
                throw malformed("Ed25519 x must be 32 bytes");
            }
            return new PopKey.Ed25519(x, kid, alg);
        }
        if (kty == 2 && crv == IssuerKey.P_256) {
            byte[] y = key.get(-3) instanceof CborBytes b ? b.toByteArray() : null;
            try {
                IssuerKey.ec2(null, null, IssuerKey.P_256, x, y); // validates lengths and the point
            } catch (IllegalArgumentException e) {
                throw malformed("EC2 key: " + e.getMessage());
            }
            return new PopKey.EcP256(x, y, kid, alg);
        }
        throw new TokenRefusedException(TokenDenyReason.UNSUPPORTED_POP_KEY, "kty " + kty + " crv " + crv);
    }

    private static long requiredInt(CborMap key, int label, String name) throws TokenRefusedException {
        if (!(key.get(label) instanceof CborInt i)) {
            throw malformed("COSE_Key " + name + " missing or not an integer");
        }
        return i.value();
    }

    private static byte[] optionalBytes(CborMap key, int label, String name) throws TokenRefusedException {
        CborItem v = key.get(label);
        if (v == null) {
            return null;
        }
        if (!(v instanceof CborBytes b)) {
            throw malformed("COSE_Key " + name + " must be a bstr");
        }
        return b.toByteArray();
    }

    private static TokenRefusedException malformed(String detail) {
        return new TokenRefusedException(TokenDenyReason.MALFORMED_CNF, detail);
    }
}

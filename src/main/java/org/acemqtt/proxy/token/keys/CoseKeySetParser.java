package org.acemqtt.proxy.token.keys;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.acemqtt.proxy.token.cbor.CborArray;
import org.acemqtt.proxy.token.cbor.CborBytes;
import org.acemqtt.proxy.token.cbor.CborException;
import org.acemqtt.proxy.token.cbor.CborInt;
import org.acemqtt.proxy.token.cbor.CborItem;
import org.acemqtt.proxy.token.cbor.CborMap;
import org.acemqtt.proxy.token.cbor.CborReader;
import org.acemqtt.proxy.token.cbor.CborText;

/**
 * Reads a COSE_KeySet (RFC 9052 §7: an array of COSE_Key maps) of issuer keys: kty 1 (OKP, Ed25519), 2 (EC2,
 * P-256/384/521) and 4 (Symmetric). Labels: kty 1, kid 2, alg 3; crv -1, x -2, y -3, d -4; k -1.
 */
public final class CoseKeySetParser {
    private CoseKeySetParser() {
    }

    public static List<IssuerKey> parse(String source, byte[] cbor) throws KeyLoadException {
        CborItem root;
        try {
            root = CborReader.decode(cbor, 0, cbor.length, 8, 1 << 20);
        } catch (CborException e) {
            throw single(source, "not valid CBOR: " + e.getMessage());
        }
        if (!(root instanceof CborArray set)) {
            throw single(source, "a COSE_KeySet must be a CBOR array of COSE_Key maps");
        }
        return KeySetChecks.parseAll(source, set.size(), i -> parseKey(set.get(i)));
    }

    /** One COSE_Key. @throws IllegalArgumentException with an operator-readable problem */
    public static IssuerKey parseKey(CborItem item) {
        if (!(item instanceof CborMap key)) {
            throw new IllegalArgumentException("not a COSE_Key map");
        }
        if (key.get(-4) != null && intLabel(key, 1) != 4) {
            throw new IllegalArgumentException("private key parameter d (-4) must not be in an issuer key file");
        }
        byte[] kid = null;
        CborItem kidItem = key.get(2);
        if (kidItem instanceof CborBytes b) {
            kid = b.toByteArray();
        } else if (kidItem instanceof CborText t) {
            kid = t.value().getBytes(StandardCharsets.UTF_8);
        } else if (kidItem != null) {
            throw new IllegalArgumentException("kid (2) must be a byte string");
        }
        Integer alg = key.get(3) == null ? null : intLabel(key, 3);
        int kty = intLabel(key, 1);
        switch (kty) {
            case 1:
                if (intLabel(key, -1) != IssuerKey.ED25519) {
                    throw new IllegalArgumentException("OKP crv must be 6 (Ed25519)");
                }
                return IssuerKey.ed25519(kid, alg, bytesLabel(key, -2, "x"));
            case 2:
                return IssuerKey.ec2(kid, alg, intLabel(key, -1), bytesLabel(key, -2, "x"), bytesLabel(key, -3, "y"));
            case 4:
                return IssuerKey.symmetric(kid, alg, bytesLabel(key, -1, "k"));
            default:
                throw new IllegalArgumentException("unsupported kty " + kty);
        }
    }

    private static int intLabel(CborMap key, int label) {
        if (!(key.get(label) instanceof CborInt i) || i.value() != (int) i.value()) {
            throw new IllegalArgumentException("label " + label + " missing or not a small integer");
        }
        return (int) i.value();
    }

    private static byte[] bytesLabel(CborMap key, int label, String name) {
        if (!(key.get(label) instanceof CborBytes b)) {
            throw new IllegalArgumentException(name + " (" + label + ") missing or not a byte string");
        }
        return b.toByteArray();
    }

    private static KeyLoadException single(String source, String problem) {
        return new KeyLoadException(List.of(new KeyLoadException.Problem(source, -1, problem)));
    }
}

package org.acemqtt.proxy.token.keys;

import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks shared by the JWK Set and COSE_KeySet parsers. */
final class KeySetChecks {
    private KeySetChecks() {
    }

    /** Two keys with one kid in one set would make key selection ambiguous. */
    static void checkUniqueKids(String source, List<IssuerKey> keys, List<Integer> indexes,
                                List<KeyLoadException.Problem> problems) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            byte[] kid = keys.get(i).kid();
            if (kid != null && !seen.add(HexFormat.of().formatHex(kid))) {
                problems.add(new KeyLoadException.Problem(source, indexes.get(i), "duplicate kid"));
            }
        }
    }
}

package org.acemqtt.proxy.token.keys;

import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks shared by the JWK Set and COSE_KeySet parsers. */
final class KeySetChecks {
    private KeySetChecks() {
    }

    /**
     * Parses entries {@code 0..count-1} of a key set with {@code parser}, collecting every entry's problem (by index)
     * instead of stopping at the first, then refuses duplicate kids.
     */
    static List<IssuerKey> parseAll(String source, int count, java.util.function.IntFunction<IssuerKey> parser)
            throws KeyLoadException {
        List<IssuerKey> out = new java.util.ArrayList<>();
        List<Integer> indexes = new java.util.ArrayList<>();
        List<KeyLoadException.Problem> problems = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            try {
                out.add(parser.apply(i));
                indexes.add(i);
            } catch (IllegalArgumentException e) {
                problems.add(new KeyLoadException.Problem(source, i, e.getMessage()));
            }
        }
        checkUniqueKids(source, out, indexes, problems);
        if (!problems.isEmpty()) {
            throw new KeyLoadException(problems);
        }
        return List.copyOf(out);
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

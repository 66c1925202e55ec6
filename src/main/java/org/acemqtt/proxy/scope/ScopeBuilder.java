package org.acemqtt.proxy.scope;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects entries read by {@link ScopeJsonReader} or {@link ScopeCborReader}, validates them (SPEC.md §3.1
 * [INFERENCE]) and merges entries with the same filter into the union of their permissions (as RFC 9237 does).
 * Also holds the limits and message helpers both readers share.
 */
final class ScopeBuilder {
    static final int PUB = 1;
    static final int SUB = 2;

    /** Bound on the raw entries of one scope: parsing is linear, but a grant must not cost unbounded memory. */
    static final int MAX_ENTRIES = 1024;
    /** [INFERENCE] Bound on one permissions array; only two values exist, repeats are tolerated up to here. */
    static final int MAX_PERMISSIONS = 16;

    private static final int QUOTE_CHARS = 64;

    private final Map<String, Integer> permissions = new LinkedHashMap<>();

    /** RFC 9431 §2.3: {@code permission = "pub" / "sub"}; case-sensitive, anything else is an error. */
    static int permission(int index, String value) throws ScopeFormatException {
        if ("pub".equals(value)) {
            return PUB;
        }
        if ("sub".equals(value)) {
            return SUB;
        }
        throw new ScopeFormatException(
                entry(index) + "unknown permission " + quote(value) + " (expected \"pub\" or \"sub\")");
    }

    void add(int index, String filter, int bits) throws ScopeFormatException {
        if (bits == 0) {
            throw new ScopeFormatException(entry(index) + "permissions must not be empty");
        }
        String problem = TopicSyntax.problem(filter, 0, true);
        if (problem != null) {
            throw new ScopeFormatException(entry(index) + "topic filter " + quote(filter) + ": " + problem);
        }
        permissions.merge(filter, bits, (a, b) -> a | b);
    }

    AifScope build() {
        if (permissions.isEmpty()) {
            return AifScope.empty();
        }
        List<ScopeEntry> entries = new ArrayList<>(permissions.size());
        permissions.forEach((filter, bits) ->
                entries.add(new ScopeEntry(filter, (bits & PUB) != 0, (bits & SUB) != 0)));
        return new AifScope(entries);
    }

    static String entry(int index) {
        return index < 0 ? "" : "entry " + index + ": ";
    }

    /** For messages: single-quoted, control and non-ASCII-printable characters escaped, long values truncated. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), QUOTE_CHARS) + 8).append('\'');
        for (int i = 0; i < s.length() && i < QUOTE_CHARS; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                b.append(String.format("\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > QUOTE_CHARS) {
            b.append("...(").append(s.length()).append(" chars)");
        }
        return b.append('\'').toString();
    }
}

package org.acemqtt.proxy.scope;

/**
 * A scope topic filter, split into levels once at parse time so that matching a packet only walks the packet's
 * string with {@code indexOf('/')} and {@code regionMatches}: no allocation on the hot path (SPEC.md §3.4).
 * Immutable. The filter must already be valid (MQTT v5 §4.7), so a level equal to "+" or "#" is a wildcard.
 */
final class TopicFilter {
    private final String[] levels;
    /** [MQTT-4.7.2-1]: a filter starting with a wildcard never matches a topic starting with '$'. */
    private final boolean wildcardFirst;
    private final boolean hasWildcard;

    TopicFilter(String filter) {
        this.levels = filter.split("/", -1); // -1 keeps trailing empty levels: "a/" has levels "a" and ""
        this.wildcardFirst = isWildcard(levels[0]);
        boolean any = false;
        for (String level : levels) {
            any |= isWildcard(level);
        }
        this.hasWildcard = any;
    }

    boolean hasWildcard() {
        return hasWildcard;
    }

    /** {@code matches(F, T)} of SPEC.md §3.4, F = this filter, T = a valid topic name. */
    boolean matches(String topic) {
        if (wildcardFirst && topic.charAt(0) == '$') {
            return false;
        }
        int n = topic.length();
        int pos = 0; // start of the topic's current level; -1 once the topic is exhausted
        for (String level : levels) {
            if (isHash(level)) {
                return true; // '#' also matches the parent level: "a/#" matches "a"
            }
            if (pos < 0) {
                return false;
            }
            int end = topic.indexOf('/', pos);
            if (end < 0) {
                end = n;
            }
            if (!isPlus(level) && !sameLevel(topic, pos, end, level)) {
                return false;
            }
            pos = end < n ? end + 1 : -1;
        }
        return pos < 0;
    }

    /**
     * {@code subset(S, F)} of SPEC.md §3.4: F = this filter, S = the valid filter {@code s} from index {@code from}
     * (after a {@code $share/name/} prefix). Level by level and conservative: false whenever containment is not
     * evident from the aligned levels, so equal-but-differently-written filters ({@code #} vs {@code +/#}) fail closed.
     */
    boolean contains(String s, int from) {
        if (wildcardFirst && s.charAt(from) == '$') {
            return false; // S can only produce '$' topics, which F may not match
        }
        int n = s.length();
        int pos = from; // -1 once S is exhausted
        for (int i = 0; ; i++) {
            if (i < levels.length && isHash(levels[i])) {
                return true; // F absorbs the rest of S, including S's own '#' and zero levels
            }
            if (pos < 0) {
                return i == levels.length;
            }
            if (i == levels.length) {
                return false; // S is longer than F, and F has no '#'
            }
            int end = s.indexOf('/', pos);
            if (end < 0) {
                end = n;
            }
            boolean sHash = end - pos == 1 && s.charAt(pos) == '#';
            boolean sPlus = end - pos == 1 && s.charAt(pos) == '+';
            boolean fPlus = isPlus(levels[i]);
            if (sHash || (sPlus && !fPlus) || (!sPlus && !fPlus && !sameLevel(s, pos, end, levels[i]))) {
                return false;
            }
            pos = end < n ? end + 1 : -1;
        }
    }

    /** Byte-for-byte (here: UTF-16 unit for unit, equivalent) comparison, no normalization [MQTT-4.7.3-4]. */
    private static boolean sameLevel(String s, int start, int end, String level) {
        return end - start == level.length() && s.regionMatches(start, level, 0, level.length());
    }

    private static boolean isWildcard(String level) {
        return isPlus(level) || isHash(level);
    }

    private static boolean isPlus(String level) {
        return level.length() == 1 && level.charAt(0) == '+';
    }

    private static boolean isHash(String level) {
        return level.length() == 1 && level.charAt(0) == '#';
    }
}

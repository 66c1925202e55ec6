package org.acemqtt.proxy.scope;

/**
 * MQTT topic name and topic filter syntax: MQTT v5.0 §4.7 (identical in v3.1.1 §4.7) and shared subscriptions,
 * MQTT v5.0 §4.8.2. Used to validate scope filters at parse time and packets on the hot path, so the checks scan the
 * string once and never allocate; the reasons are constant strings.
 */
public final class TopicSyntax {
    /** [MQTT-4.7.3-3]: topic names and filters are UTF-8 encoded strings, at most 65,535 bytes. */
    public static final int MAX_UTF8_BYTES = 65_535;

    static final String SHARE_PREFIX = "$share/";

    // Results of shareInnerStart() other than an index into the filter.
    static final int NOT_SHARED = -1;
    static final int SHARE_NAME_EMPTY = -2;
    static final int SHARE_NAME_WILDCARD = -3;
    static final int SHARE_NO_FILTER = -4;

    private static final String EMPTY = "must not be empty";                        // [MQTT-4.7.3-1]
    private static final String NUL = "must not contain U+0000";                    // [MQTT-4.7.3-2]
    private static final String TOO_LONG = "longer than 65535 UTF-8 bytes";         // [MQTT-4.7.3-3]
    private static final String SURROGATE = "unpaired surrogate, not well-formed UTF-8"; // MQTT v5 §1.5.4
    private static final String NAME_PLUS = "a topic name must not contain '+'";     // [MQTT-4.7.0-1]
    private static final String NAME_HASH = "a topic name must not contain '#'";     // [MQTT-4.7.0-1]
    private static final String PLUS_LEVEL = "'+' must occupy a whole level";        // [MQTT-4.7.1-2]
    private static final String HASH_LEVEL = "'#' must occupy a whole level";        // [MQTT-4.7.1-1]
    private static final String HASH_LAST = "'#' must be the last level";            // [MQTT-4.7.1-1]

    private TopicSyntax() {
    }

    /** A PUBLISH / Will topic name: at least one character, no wildcards, no U+0000, at most 65,535 UTF-8 bytes. */
    public static boolean isValidTopicName(String s) {
        return s != null && problem(s, 0, false) == null;
    }

    /**
     * A topic filter per MQTT §4.7 (wildcard placement, no U+0000, length). Shared-subscription syntax (§4.8.2) is
     * not checked here, see {@link #sharedSubscriptionFilter(String)}: for an MQTT v3.1.1 client {@code $share/...}
     * is an ordinary filter.
     */
    public static boolean isValidTopicFilter(String s) {
        return s != null && problem(s, 0, true) == null;
    }

    /**
     * Whether a subscription to {@code filter} (shared or not) would receive messages published to {@code topicName}
     * (MQTT v5 §4.7, including the {@code $} rule); false for malformed input. For one-off checks such as "does this
     * SUBSCRIBE reach authz-info" (RFC 9431 §2.2.2), not for the per-packet path.
     */
    public static boolean filterMatches(String filter, String topicName) {
        if (filter == null || !isValidTopicName(topicName)) {
            return false;
        }
        String inner;
        try {
            String shared = sharedSubscriptionFilter(filter);
            inner = shared != null ? shared : filter;
        } catch (IllegalArgumentException malformed) {
            return false;
        }
        return isValidTopicFilter(inner) && new TopicFilter(inner).matches(topicName);
    }

    /**
     * For {@code $share/{ShareName}/{filter}} returns {@code {filter}}, for any other string {@code null}.
     *
     * @throws IllegalArgumentException if the string starts with {@code $share/} but the ShareName is empty or holds
     *     {@code +} or {@code #} ([MQTT-4.8.2-1], [MQTT-4.8.2-2]), or the inner filter is missing or not a valid filter
     */
    public static String sharedSubscriptionFilter(String filter) {
        int start = shareInnerStart(filter);
        switch (start) {
            case NOT_SHARED:
                return null;
            case SHARE_NAME_EMPTY:
                throw new IllegalArgumentException("shared subscription: ShareName must not be empty");
            case SHARE_NAME_WILDCARD:
                throw new IllegalArgumentException("shared subscription: ShareName must not contain '+' or '#'");
            case SHARE_NO_FILTER:
                throw new IllegalArgumentException("shared subscription: no topic filter after the ShareName");
            default:
                String inner = filter.substring(start);
                String problem = problem(inner, 0, true);
                if (problem != null) {
                    throw new IllegalArgumentException("shared subscription: topic filter " + problem);
                }
                return inner;
        }
    }

    /**
     * Index of the inner filter of a shared subscription, {@link #NOT_SHARED}, or a negative error code. Does not
     * allocate. A ShareName cannot contain '/' by construction: it ends at the first '/' after the prefix.
     */
    static int shareInnerStart(String filter) {
        if (!filter.startsWith(SHARE_PREFIX)) {
            return NOT_SHARED;
        }
        int nameStart = SHARE_PREFIX.length();
        int slash = filter.indexOf('/', nameStart);
        if (slash == nameStart) {
            return SHARE_NAME_EMPTY;
        }
        int nameEnd = slash < 0 ? filter.length() : slash;
        for (int i = nameStart; i < nameEnd; i++) {
            char c = filter.charAt(i);
            if (c == '+' || c == '#') {
                return SHARE_NAME_WILDCARD;
            }
        }
        if (slash < 0 || slash + 1 == filter.length()) {
            return SHARE_NO_FILTER;
        }
        return slash + 1;
    }

    /**
     * The first syntax problem of {@code s} from index {@code from} on, as a topic filter ({@code filter}) or a topic
     * name, or {@code null} if there is none. One pass, no allocation.
     */
    static String problem(String s, int from, boolean filter) {
        int n = s.length();
        if (from >= n) {
            return EMPTY;
        }
        if (n - from > MAX_UTF8_BYTES) {
            return TOO_LONG; // every char is at least one UTF-8 byte
        }
        int bytes = 0;
        int levelStart = from;
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
                if (c == '/') {
                    levelStart = i + 1;
                } else if (c == 0) {
                    return NUL;
                } else if (c == '+' || c == '#') {
                    String wildcardProblem = wildcardProblem(s, i, levelStart, filter);
                    if (wildcardProblem != null) {
                        return wildcardProblem;
                    }
                }
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                return SURROGATE;
            } else {
                bytes += 3;
            }
        }
        return bytes > MAX_UTF8_BYTES ? TOO_LONG : null;
    }

    private static String wildcardProblem(String s, int i, int levelStart, boolean filter) {
        char c = s.charAt(i);
        if (!filter) {
            return c == '+' ? NAME_PLUS : NAME_HASH;
        }
        boolean last = i + 1 == s.length();
        boolean wholeLevel = i == levelStart && (last || s.charAt(i + 1) == '/');
        if (!wholeLevel) {
            return c == '+' ? PLUS_LEVEL : HASH_LEVEL;
        }
        return c == '#' && !last ? HASH_LAST : null;
    }
}

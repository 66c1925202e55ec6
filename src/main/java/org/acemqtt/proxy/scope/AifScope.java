package org.acemqtt.proxy.scope;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An AIF-MQTT scope (RFC 9431 §2.3, RFC 9237): what one grant lets a client publish, subscribe to and receive.
 *
 * <p>Immutable and thread-safe: all fields are final and never mutated after construction. Parsed once per grant,
 * consulted per packet: the {@code may*} methods do not allocate. Wildcard-free entries are answered by a hash
 * lookup; only entries with wildcards are walked, level by level, by {@link TopicFilter}. Invalid input (null, bad
 * syntax) is refused, never allowed: authorization fails closed.
 */
public final class AifScope {
    private static final AifScope EMPTY = new AifScope(List.of());

    private final List<ScopeEntry> entries;
    private final Set<String> exactPub = new HashSet<>();
    private final Set<String> exactSub = new HashSet<>();
    private final TopicFilter[] wildcardPub;
    private final TopicFilter[] wildcardSub;
    /** Wildcard-free "sub" entries as filters, for shared subscriptions (whose inner filter is not a String). */
    private final TopicFilter[] literalSub;

    /** {@code entries}: validated, one per distinct filter, at least one permission each (see ScopeBuilder). */
    AifScope(List<ScopeEntry> entries) {
        this.entries = List.copyOf(entries);
        List<TopicFilter> wildPub = new ArrayList<>();
        List<TopicFilter> wildSub = new ArrayList<>();
        List<TopicFilter> litSub = new ArrayList<>();
        for (ScopeEntry e : this.entries) {
            TopicFilter f = new TopicFilter(e.topicFilter());
            if (e.pub()) {
                if (f.hasWildcard()) {
                    wildPub.add(f);
                } else {
                    exactPub.add(e.topicFilter());
                }
            }
            if (e.sub()) {
                if (f.hasWildcard()) {
                    wildSub.add(f);
                } else {
                    exactSub.add(e.topicFilter());
                    litSub.add(f);
                }
            }
        }
        this.wildcardPub = wildPub.toArray(new TopicFilter[0]);
        this.wildcardSub = wildSub.toArray(new TopicFilter[0]);
        this.literalSub = litSub.toArray(new TopicFilter[0]);
    }

    /** Parses the raw JSON array text, e.g. {@code [["topic1",["pub","sub"]]]} (RFC 9431 §2.3, Figure 10). */
    public static AifScope parseJson(String json) throws ScopeFormatException {
        return ScopeJsonReader.read(json);
    }

    /**
     * Parses a JWT / JSON introspection {@code scope} claim: base64url without padding of the JSON array (RFC 9431
     * §2.3). Being liberal (SPEC.md §3.2 [INFERENCE]), padding is tolerated and a claim whose first non-blank
     * character is {@code [} is read as the raw JSON array itself. Anything else, e.g. an RFC 6749 space-separated
     * scope string, is not recognized.
     */
    public static AifScope parseJsonScopeClaim(String claim) throws ScopeFormatException {
        return ScopeJsonReader.readClaim(claim);
    }

    /**
     * Parses the CBOR AIF array itself (the content of the CWT {@code scope} byte string, RFC 9431 §2.3): definite
     * lengths only, text strings only, nothing after the array.
     */
    public static AifScope parseCbor(byte[] cbor) throws ScopeFormatException {
        return ScopeCborReader.read(cbor);
    }

    /** RFC 9431 §2.3: an empty scope grants no permissions. */
    public static AifScope empty() {
        return EMPTY;
    }

    /**
     * PUBLISH (RFC 9431 §3.1) and the Will topic at CONNECT (§2.3): some entry with "pub" matches the topic name.
     * A string that is not a valid topic name (wildcards, U+0000, empty, too long) is refused.
     */
    public boolean mayPublish(String topicName) {
        return isTopicName(topicName) && grants(topicName, exactPub, wildcardPub);
    }

    /** Delivery broker to client (RFC 9431 §3.2): some entry with "sub" matches the topic name. */
    public boolean mayReceive(String topicName) {
        return isTopicName(topicName) && grants(topicName, exactSub, wildcardSub);
    }

    /**
     * SUBSCRIBE (RFC 9431 §3.3): the filter, after stripping {@code $share/{ShareName}/} (MQTT v5 §4.8.2, SPEC.md
     * §2.P), is an exact match to or a subset of some entry with "sub" (conservative, SPEC.md §3.4). An invalid filter
     * or share syntax is refused.
     */
    public boolean maySubscribe(String topicFilter) {
        if (topicFilter == null || TopicSyntax.problem(topicFilter, 0, true) != null) {
            return false;
        }
        int from = TopicSyntax.shareInnerStart(topicFilter);
        if (from == TopicSyntax.NOT_SHARED) {
            // A wildcard-free entry contains only the identical filter, so one lookup covers all of them.
            return exactSub.contains(topicFilter) || anyContains(wildcardSub, topicFilter, 0);
        }
        if (from < 0) {
            return false; // malformed $share: refused, not treated as a literal filter
        }
        return anyContains(literalSub, topicFilter, from) || anyContains(wildcardSub, topicFilter, from);
    }

    /** The entries, one per distinct filter (duplicates merged), in order of first appearance. */
    public List<ScopeEntry> entries() {
        return entries;
    }

    /** Compact JSON form of the (merged) entries, for logs; parses back to an equal scope. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder().append('[');
        for (int i = 0; i < entries.size(); i++) {
            ScopeEntry e = entries.get(i);
            b.append(i == 0 ? "[" : ",[");
            appendJsonString(b, e.topicFilter());
            b.append(",[");
            b.append(e.pub() ? "\"pub\"" : "").append(e.pub() && e.sub() ? "," : "").append(e.sub() ? "\"sub\"" : "");
            b.append("]]");
        }
        return b.append(']').toString();
    }

    private static boolean isTopicName(String topicName) {
        return topicName != null && TopicSyntax.problem(topicName, 0, false) == null;
    }

    private static boolean grants(String topicName, Set<String> exact, TopicFilter[] wildcards) {
        if (exact.contains(topicName)) {
            return true;
        }
        for (TopicFilter f : wildcards) {
            if (f.matches(topicName)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyContains(TopicFilter[] filters, String s, int from) {
        for (TopicFilter f : filters) {
            if (f.contains(s, from)) {
                return true;
            }
        }
        return false;
    }

    private static void appendJsonString(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
    }
}

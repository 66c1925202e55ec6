package org.acemqtt.proxy.scope;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * AifScope against a reference written directly from the definitions (SPEC.md §3.4, MQTT v5 §4.7), over small
 * alphabets of levels where collisions, empty levels and '$' levels are frequent. The reference splits strings and
 * recurses: slow and obviously correct. Semantic containment is checked by enumerating every topic name up to one
 * level deeper than the longest generated filter.
 */
class AifScopePropertiesTest {
    private static final List<String> TOPIC_LEVELS = List.of("a", "b", "$x", "");
    private static final List<String> FILTER_LEVELS = List.of("a", "b", "$x", "", "+");
    /** Every topic name of 1 to 5 levels over TOPIC_LEVELS plus "z", a level no filter names. */
    private static final List<String> UNIVERSE = universe(List.of("a", "b", "$x", "", "z"), 5);

    record Grant(String filter, boolean pub, boolean sub) {
    }

    // ---- reference, from the definitions -------------------------------------------------------------------

    /** MQTT topic matching, [MQTT-4.7.1-1], [MQTT-4.7.1-2], [MQTT-4.7.2-1]. */
    static boolean refMatches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        if (topic.startsWith("$") && (f[0].equals("+") || f[0].equals("#"))) {
            return false;
        }
        return refMatches(f, 0, t, 0);
    }

    private static boolean refMatches(String[] f, int i, String[] t, int j) {
        if (i == f.length) {
            return j == t.length;
        }
        if (f[i].equals("#")) {
            return true; // the parent level and any number of child levels
        }
        if (j == t.length) {
            return false;
        }
        return (f[i].equals("+") || f[i].equals(t[j])) && refMatches(f, i + 1, t, j + 1);
    }

    /** The conservative level-by-level subset(S, F) of SPEC.md §3.4, transcribed. */
    static boolean refSubset(String requested, String granted) {
        String[] s = requested.split("/", -1);
        String[] f = granted.split("/", -1);
        if (requested.startsWith("$") && (f[0].equals("+") || f[0].equals("#"))) {
            return false;
        }
        for (int i = 0; ; i++) {
            if (i < f.length && f[i].equals("#")) {
                return true;
            }
            if (i == s.length) {
                return i == f.length;
            }
            if (i == f.length || s[i].equals("#") || (s[i].equals("+") && !f[i].equals("+"))) {
                return false;
            }
            if (!s[i].equals("+") && !f[i].equals("+") && !s[i].equals(f[i])) {
                return false;
            }
        }
    }

    /** Semantic containment over the enumerated universe: every topic matched by S is matched by F. */
    static boolean semanticSubset(String requested, String granted) {
        return UNIVERSE.stream().noneMatch(t -> refMatches(requested, t) && !refMatches(granted, t));
    }

    // ---- properties ----------------------------------------------------------------------------------------

    @Property
    void matchingAgreesWithTheReference(@ForAll("filters") String filter, @ForAll("topics") String topic) {
        boolean expected = refMatches(filter, topic);
        assertThat(parse(List.of(new Grant(filter, true, false))).mayPublish(topic)).isEqualTo(expected);
        assertThat(parse(List.of(new Grant(filter, false, true))).mayReceive(topic)).isEqualTo(expected);
    }

    @Property
    void subsetAgreesWithTheSpecAlgorithm(@ForAll("filters") String requested, @ForAll("filters") String granted) {
        AifScope s = parse(List.of(new Grant(granted, false, true)));
        assertThat(s.maySubscribe(requested)).isEqualTo(refSubset(requested, granted));
        assertThat(s.maySubscribe("$share/g/" + requested)).isEqualTo(refSubset(requested, granted));
    }

    @Property(tries = 400)
    void subsetIsSoundOverEnumeratedTopics(@ForAll("filters") String requested, @ForAll("filters") String granted) {
        if (parse(List.of(new Grant(granted, false, true))).maySubscribe(requested)) {
            assertThat(semanticSubset(requested, granted)).isTrue();
        }
    }

    @Property
    void subsetOfALiteralFilterIsExactlyMatching(@ForAll("topics") String topic, @ForAll("filters") String granted) {
        assertThat(parse(List.of(new Grant(granted, false, true))).maySubscribe(topic))
                .isEqualTo(refMatches(granted, topic));
    }

    @Property
    void everyFilterContainsItself(@ForAll("filters") String filter) {
        assertThat(parse(List.of(new Grant(filter, false, true))).maySubscribe(filter)).isTrue();
    }

    @Property
    void scopesAgreeWithTheReference(@ForAll("scopes") List<Grant> grants, @ForAll("topics") String topic,
                                     @ForAll("filters") String filter) {
        AifScope s = parse(grants);
        assertThat(s.mayPublish(topic)).isEqualTo(grants.stream().anyMatch(g -> g.pub && refMatches(g.filter, topic)));
        assertThat(s.mayReceive(topic)).isEqualTo(grants.stream().anyMatch(g -> g.sub && refMatches(g.filter, topic)));
        boolean subscribe = grants.stream().anyMatch(g -> g.sub && refSubset(filter, g.filter));
        assertThat(s.maySubscribe(filter)).isEqualTo(subscribe);
        assertThat(s.maySubscribe("$share/group/" + filter)).isEqualTo(subscribe);
        assertThat(s.maySubscribe(topic)).isEqualTo(s.mayReceive(topic));
    }

    /** The security property behind SUBSCRIBE: an accepted filter can only bring messages the scope lets through. */
    @Property(tries = 300)
    void acceptedSubscriptionsNeverReachTopicsOutsideTheScope(@ForAll("scopes") List<Grant> grants,
                                                              @ForAll("filters") String filter) {
        AifScope s = parse(grants);
        if (s.maySubscribe(filter)) {
            for (String t : UNIVERSE) {
                if (refMatches(filter, t)) {
                    assertThat(s.mayReceive(t)).as("topic %s via %s", t, filter).isTrue();
                }
            }
        }
    }

    @Property
    void cborJsonAndToStringFormsAgree(@ForAll("scopes") List<Grant> grants) throws Exception {
        AifScope fromJson = parse(grants);
        assertThat(AifScope.parseCbor(cbor(grants)).entries()).isEqualTo(fromJson.entries());
        assertThat(AifScope.parseJson(fromJson.toString()).entries()).isEqualTo(fromJson.entries());
        String base64 = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(json(grants).getBytes(StandardCharsets.UTF_8));
        assertThat(AifScope.parseJsonScopeClaim(base64).entries()).isEqualTo(fromJson.entries());
    }

    // ---- generators ----------------------------------------------------------------------------------------

    @Provide
    Arbitrary<String> topics() {
        return Arbitraries.of(TOPIC_LEVELS).list().ofMinSize(1).ofMaxSize(4)
                .map(levels -> String.join("/", levels)).filter(t -> !t.isEmpty());
    }

    /** Valid filters of at most 4 levels: up to 4 of FILTER_LEVELS, or up to 3 followed by '#'. */
    @Provide
    Arbitrary<String> filters() {
        Arbitrary<List<String>> levels = Arbitraries.of(FILTER_LEVELS).list().ofMinSize(0).ofMaxSize(4);
        return Combinators.combine(levels, Arbitraries.of(true, false)).as((l, hash) -> {
            List<String> all = new ArrayList<>(hash && l.size() == 4 ? l.subList(0, 3) : l);
            if (hash) {
                all.add("#");
            }
            return String.join("/", all);
        }).filter(f -> !f.isEmpty());
    }

    @Provide
    Arbitrary<List<Grant>> scopes() {
        Arbitrary<Grant> grant = Combinators.combine(filters(), Arbitraries.of(1, 2, 3))
                .as((f, bits) -> new Grant(f, (bits & 1) != 0, (bits & 2) != 0));
        return grant.list().ofMinSize(0).ofMaxSize(5);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static List<String> universe(List<String> levels, int depth) {
        List<String> all = new ArrayList<>();
        List<String> layer = List.of("");
        for (int d = 1; d <= depth; d++) {
            List<String> next = new ArrayList<>();
            for (String prefix : layer) {
                for (String level : levels) {
                    next.add(d == 1 ? level : prefix + "/" + level);
                }
            }
            all.addAll(next);
            layer = next;
        }
        all.remove("");
        return List.copyOf(all);
    }

    private static String json(List<Grant> grants) {
        return grants.stream().map(g -> "[\"" + g.filter + "\",[" + (g.pub ? "\"pub\"" : "")
                        + (g.pub && g.sub ? "," : "") + (g.sub ? "\"sub\"" : "") + "]]")
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static AifScope parse(List<Grant> grants) {
        try {
            return AifScope.parseJson(json(grants));
        } catch (ScopeFormatException e) {
            throw new AssertionError(e);
        }
    }

    /** A minimal CBOR encoder for the test (preferred serialization of lengths up to 65535). */
    private static byte[] cbor(List<Grant> grants) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        head(out, 4, grants.size());
        for (Grant g : grants) {
            head(out, 4, 2);
            text(out, g.filter);
            head(out, 4, (g.pub ? 1 : 0) + (g.sub ? 1 : 0));
            if (g.pub) {
                text(out, "pub");
            }
            if (g.sub) {
                text(out, "sub");
            }
        }
        return out.toByteArray();
    }

    private static void text(ByteArrayOutputStream out, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        head(out, 3, utf8.length);
        out.writeBytes(utf8);
    }

    private static void head(ByteArrayOutputStream out, int major, int length) {
        if (length < 24) {
            out.write(major << 5 | length);
        } else if (length < 256) {
            out.write(major << 5 | 24);
            out.write(length);
        } else {
            out.write(major << 5 | 25);
            out.write(length >>> 8);
            out.write(length & 0xff);
        }
    }
}

package org.acemqtt.proxy.scope;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AifScopeMatchingTest {
    /** RFC 9431 Figure 10. */
    static final String RFC_EXAMPLE = "[[\"topic1\",[\"pub\",\"sub\"]],[\"topic2/#\",[\"pub\"]],[\"+/topic3\",[\"sub\"]]]";

    private static AifScope scope(String json) {
        try {
            return AifScope.parseJson(json);
        } catch (ScopeFormatException e) {
            throw new AssertionError(e);
        }
    }

    /** A scope with a single entry granting both permissions on {@code filter}. */
    private static AifScope pubSub(String filter) {
        return scope("[[\"" + filter + "\",[\"pub\",\"sub\"]]]");
    }

    /** Every row of the SPEC.md §3.4 test table, with the RFC 9431 example scope. */
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "PUBLISH   | topic1             | allow",
        "SUBSCRIBE | topic1             | allow",
        "PUBLISH   | topic2/a           | allow",
        "PUBLISH   | topic2             | allow",
        "SUBSCRIBE | topic2/#           | deny",
        "SUBSCRIBE | x/topic3           | allow",
        "SUBSCRIBE | +/topic3           | allow",
        "SUBSCRIBE | #                  | deny",
        "PUBLISH   | x/topic3           | deny",
        "SUBSCRIBE | $share/g1/x/topic3 | allow",
        "SUBSCRIBE | $SYS/topic3        | deny",
        "SUBSCRIBE | a/topic3/b         | deny",
    })
    void specTestTableWithTheRfcExampleScope(String operation, String topic, String expected) {
        AifScope s = scope(RFC_EXAMPLE);
        boolean allowed = operation.equals("PUBLISH") ? s.mayPublish(topic) : s.maySubscribe(topic);
        assertThat(allowed).isEqualTo(expected.equals("allow"));
    }

    @Test
    void rfcExampleScopeGrantsDeliveryOnlyWhereItGrantsSub() {
        AifScope s = scope(RFC_EXAMPLE);
        assertThat(s.mayReceive("topic1")).isTrue();
        assertThat(s.mayReceive("x/topic3")).isTrue();
        assertThat(s.mayReceive("/topic3")).isTrue(); // '+' matches the empty level
        assertThat(s.mayReceive("topic2/a")).isFalse(); // pub only
        assertThat(s.mayReceive("$SYS/topic3")).isFalse();
        assertThat(s.mayReceive("topic3")).isFalse();
        assertThat(s.mayReceive("a/b/topic3")).isFalse();
    }

    /** The notes under the SPEC.md §3.4 algorithm, as subset(S, F): S requested, F granted. */
    @ParameterizedTest(name = "subset({0}, {1}) = {2}")
    @CsvSource({
        "a,      a/#,  true",
        "a/#,    a/+,  false",
        "a/+,    a/#,  true",
        "+/x,    +/x,  true",
        "'#',    +/#,  false",
        "+/#,    #,    true",
        "a/b/#,  a/#,  true",
        "a/#,    a/#,  true",
        "a/#,    a,    false",
        "a,      a/+,  false",
        "a/+,    a/+,  true",
        "a/b,    a/+,  true",
        "a/+,    a/b,  false",
        "a/+/c,  a/#,  true",
        "a/+/c,  +/+/c, true",
        "+/+/c,  a/+/c, false",
        "'#',    '#',  true",
        "a/b/c,  a/+,  false",
    })
    void subsetFollowsTheSpecNotes(String requested, String granted, boolean expected) {
        AifScope s = scope("[[\"" + granted + "\",[\"sub\"]]]");
        assertThat(s.maySubscribe(requested)).isEqualTo(expected);
    }

    @Test
    void multiLevelWildcardMatchesItsParentLevel() {
        AifScope s = pubSub("a/#");
        assertThat(s.mayPublish("a")).isTrue();
        assertThat(s.mayPublish("a/")).isTrue();
        assertThat(s.mayPublish("a/b/c")).isTrue();
        assertThat(s.mayPublish("ab")).isFalse();
        assertThat(s.mayPublish("b/a")).isFalse();
    }

    @Test
    void singleLevelWildcardMatchesExactlyOneLevelPossiblyEmpty() {
        AifScope s = pubSub("sport/+");
        assertThat(s.mayPublish("sport/tennis")).isTrue();
        assertThat(s.mayPublish("sport/")).isTrue();
        assertThat(s.mayPublish("sport")).isFalse();
        assertThat(s.mayPublish("sport/tennis/player1")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"#", "+", "+/#", "+/+", "+/broker/uptime", "+/broker/#"})
    void wildcardScopeNeverGrantsDollarTopics(String filter) {
        AifScope s = pubSub(filter);
        assertThat(s.mayPublish("$SYS/broker/uptime")).isFalse();
        assertThat(s.mayReceive("$SYS/broker/uptime")).isFalse();
        assertThat(s.mayPublish("$SYS")).isFalse();
        assertThat(s.maySubscribe("$SYS/#")).isFalse();
        assertThat(s.maySubscribe("$SYS/broker/uptime")).isFalse();
        assertThat(s.maySubscribe("$share/g/$SYS/#")).isFalse();
        assertThat(s.mayPublish("$")).isFalse();
    }

    @Test
    void literalDollarScopeGrantsDollarTopics() {
        AifScope s = pubSub("$SYS/#");
        assertThat(s.mayPublish("$SYS/broker/uptime")).isTrue();
        assertThat(s.mayReceive("$SYS")).isTrue();
        assertThat(s.maySubscribe("$SYS/broker/+")).isTrue();
        assertThat(s.maySubscribe("$SYS/#")).isTrue();
        assertThat(s.maySubscribe("#")).isFalse();
        assertThat(s.maySubscribe("+/broker")).isFalse();
        assertThat(s.mayPublish("other")).isFalse();
    }

    @Test
    void dollarRuleAppliesOnlyToTheFirstLevel() {
        AifScope s = pubSub("a/+");
        assertThat(s.mayPublish("a/$x")).isTrue();
        assertThat(pubSub("#").mayPublish("a/$SYS")).isTrue();
        assertThat(pubSub("#").maySubscribe("a/$SYS/#")).isTrue();
    }

    @Test
    void sharedSubscriptionsAreAuthorizedByTheirInnerFilter() {
        AifScope s = scope("[[\"a/#\",[\"sub\"]],[\"lit/x\",[\"sub\"]],[\"p\",[\"pub\"]]]");
        assertThat(s.maySubscribe("$share/g/a/b")).isTrue();
        assertThat(s.maySubscribe("$share/g/a/#")).isTrue();
        assertThat(s.maySubscribe("$share/group-1/lit/x")).isTrue();
        assertThat(s.maySubscribe("$share/g/lit/+")).isFalse();
        assertThat(s.maySubscribe("$share/g/p")).isFalse(); // pub only
        assertThat(s.maySubscribe("$share/g/b")).isFalse();
        assertThat(s.maySubscribe("$share/a/b")).isFalse(); // ShareName is "a", inner filter "b"
    }

    @ParameterizedTest
    @ValueSource(strings = {"$share/", "$share//a/b", "$share/g", "$share/g/", "$share/+/a/b", "$share/#",
        "$share/g#/a/b", "$share/g+/a"})
    void malformedSharedSubscriptionIsRefusedEvenUnderAHashScope(String filter) {
        assertThat(pubSub("#").maySubscribe(filter)).isFalse();
        assertThat(pubSub("$share/#").maySubscribe(filter)).isFalse();
    }

    @Test
    void literalShareScopeEntryIsNotNeededAndNotUsedForShares() {
        // A share is authorized by its inner filter only (SPEC.md §2.P).
        AifScope s = pubSub("$share/g/a");
        assertThat(s.maySubscribe("$share/g/a")).isFalse();
        assertThat(pubSub("a").maySubscribe("$share/g/a")).isTrue();
    }

    @Test
    void emptyLevelsAreLevelsOfTheirOwn() {
        assertThat(pubSub("/a").mayPublish("/a")).isTrue();
        assertThat(pubSub("/a").mayPublish("a")).isFalse();
        assertThat(pubSub("a").mayPublish("/a")).isFalse();
        assertThat(pubSub("a//b").mayPublish("a//b")).isTrue();
        assertThat(pubSub("a//b").mayPublish("a/b")).isFalse();
        assertThat(pubSub("a/+/b").mayPublish("a//b")).isTrue();
        assertThat(pubSub("a/+").mayPublish("a/")).isTrue();
        assertThat(pubSub("a/").mayPublish("a")).isFalse();
        assertThat(pubSub("a").mayPublish("a/")).isFalse();
        assertThat(pubSub("+/a").mayPublish("/a")).isTrue();
        assertThat(pubSub("+").mayPublish("/")).isFalse(); // "/" has two empty levels
        assertThat(pubSub("+/+").mayPublish("/")).isTrue();
        assertThat(pubSub("a/+").maySubscribe("a/")).isTrue();
        assertThat(pubSub("a/").maySubscribe("a/+")).isFalse();
    }

    @Test
    void matchingIsCaseSensitiveAndByteExact() {
        AifScope s = pubSub("Topic/#");
        assertThat(s.mayPublish("Topic/a")).isTrue();
        assertThat(s.mayPublish("topic/a")).isFalse();
        assertThat(s.mayPublish("TOPIC")).isFalse();
        assertThat(pubSub("$sys/#").mayPublish("$SYS/x")).isFalse();
        // No Unicode normalization [MQTT-4.7.3-4]: precomposed vs combining 'é'.
        assertThat(pubSub("caf\u00e9").mayPublish("cafe\u0301")).isFalse();
    }

    @Test
    void multiByteUtf8LevelsMatch() {
        AifScope s = pubSub("温度/+/🌡");
        assertThat(s.mayPublish("温度/киев/🌡")).isTrue();
        assertThat(s.mayPublish("温度/🌡")).isFalse();
        assertThat(s.maySubscribe("温度/+/🌡")).isTrue();
        assertThat(pubSub("温度").mayPublish("温度")).isTrue();
        assertThat(pubSub("温度").mayPublish("温")).isFalse();
    }

    @Test
    void invalidTopicNamesAndFiltersAreRefusedNotMatched() {
        AifScope all = pubSub("#");
        assertThat(all.mayPublish("a/+")).isFalse(); // wildcards in a topic name
        assertThat(all.mayPublish("a/#")).isFalse();
        assertThat(all.mayPublish("")).isFalse();
        assertThat(all.mayPublish("a\u0000b")).isFalse();
        assertThat(all.mayPublish(null)).isFalse();
        assertThat(all.mayReceive("+")).isFalse();
        assertThat(all.mayReceive(null)).isFalse();
        assertThat(all.maySubscribe("a/#/b")).isFalse();
        assertThat(all.maySubscribe("a+")).isFalse();
        assertThat(all.maySubscribe("")).isFalse();
        assertThat(all.maySubscribe("a\u0000")).isFalse();
        assertThat(all.maySubscribe(null)).isFalse();
        assertThat(all.mayPublish("a".repeat(65_536))).isFalse();
        // A literal entry "a/+" is a filter: it does not let anyone publish to a topic literally named "a/+".
        assertThat(pubSub("a/+").mayPublish("a/+")).isFalse();
    }

    @Test
    void permissionsAreCheckedPerOperation() {
        AifScope s = scope("[[\"p/#\",[\"pub\"]],[\"s/#\",[\"sub\"]],[\"pl\",[\"pub\"]],[\"sl\",[\"sub\"]]]");
        assertThat(s.mayPublish("p/x")).isTrue();
        assertThat(s.mayPublish("pl")).isTrue();
        assertThat(s.mayReceive("p/x")).isFalse();
        assertThat(s.maySubscribe("p/x")).isFalse();
        assertThat(s.maySubscribe("pl")).isFalse();
        assertThat(s.mayPublish("s/x")).isFalse();
        assertThat(s.mayPublish("sl")).isFalse();
        assertThat(s.maySubscribe("s/x")).isTrue();
        assertThat(s.maySubscribe("sl")).isTrue();
        assertThat(s.mayReceive("sl")).isTrue();
    }

    @Test
    void emptyScopeGrantsNothing() {
        for (AifScope s : new AifScope[] {AifScope.empty(), scope("[]")}) {
            assertThat(s.mayPublish("a")).isFalse();
            assertThat(s.maySubscribe("#")).isFalse();
            assertThat(s.maySubscribe("a")).isFalse();
            assertThat(s.mayReceive("a")).isFalse();
            assertThat(s.entries()).isEmpty();
            assertThat(s).hasToString("[]");
        }
    }

    @Test
    void wildcardSubscriptionNeedsAWildcardEntry() {
        AifScope s = scope("[[\"a/b\",[\"sub\"]],[\"a/c\",[\"sub\"]]]");
        assertThat(s.maySubscribe("a/b")).isTrue();
        assertThat(s.maySubscribe("a/+")).isFalse(); // the union of entries is not considered: fails closed
        assertThat(s.maySubscribe("a/#")).isFalse();
    }

    @Test
    void matchingDoesNotAllocate() {
        AifScope s = scope("[[\"exact/topic\",[\"pub\",\"sub\"]],[\"a/+/c/#\",[\"pub\",\"sub\"]],"
                + "[\"x/y/+\",[\"sub\"]],[\"+/z\",[\"pub\"]]]");
        String[] topics = {"exact/topic", "a/b/c/d/e", "a/b/x", "q/z", "$SYS/z", "x/y/w", "nope"};
        String[] filters = {"exact/topic", "a/+/c/d", "$share/g/a/b/c/#", "x/y/+", "#", "a/b"};
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int granted = exercise(s, topics, filters); // warm-up (class loading, string hash caching)
        long before = bean.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 2_000; i++) {
            granted += exercise(s, topics, filters);
        }
        long allocated = bean.getCurrentThreadAllocatedBytes() - before;
        assertThat(granted).isPositive();
        assertThat(allocated).as("bytes allocated by 2,000 rounds of matching").isLessThan(1_024);
    }

    private static int exercise(AifScope s, String[] topics, String[] filters) {
        int n = 0;
        for (String t : topics) {
            n += (s.mayPublish(t) ? 1 : 0) + (s.mayReceive(t) ? 1 : 0);
        }
        for (String f : filters) {
            n += s.maySubscribe(f) ? 1 : 0;
        }
        return n;
    }
}

package org.acemqtt.proxy.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicSyntaxTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "sport/tennis/player1", "/finance", "a//b", "a/", "/", "//", "$SYS/broker/uptime",
        "$", "Ünïcødé/温度/🌡", " ", "$share/g/x"})
    void wildcardFreeNonEmptyStringsAreTopicNames(String name) {
        assertThat(TopicSyntax.isValidTopicName(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+", "#", "a/+", "a/#", "a+b", "a#", "sport/+/player1", "a\u0000b", "\u0000"})
    void emptyWildcardOrNulStringsAreNotTopicNames(String name) {
        assertThat(TopicSyntax.isValidTopicName(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"#", "+", "+/#", "a/#", "a/+", "+/+", "/+", "+/", "a/+/b", "sport/tennis/#",
        "$SYS/#", "$share/g/x", "a//#", "/", "a"})
    void wellPlacedWildcardsMakeValidFilters(String filter) {
        assertThat(TopicSyntax.isValidTopicFilter(filter)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "#/a", "a/#/b", "a#", "#a", "a/b#", "a+", "+a", "a/+b", "a/b+/c", "##", "++",
        "a\u0000", "sport/tennis#", "a/#/"})
    void misplacedWildcardsEmptyOrNulMakeInvalidFilters(String filter) {
        assertThat(TopicSyntax.isValidTopicFilter(filter)).isFalse();
    }

    @Test
    void nullIsNeitherNameNorFilter() {
        assertThat(TopicSyntax.isValidTopicName(null)).isFalse();
        assertThat(TopicSyntax.isValidTopicFilter(null)).isFalse();
    }

    @Test
    void lengthLimitCountsUtf8BytesNotChars() {
        assertThat(TopicSyntax.isValidTopicName("a".repeat(65_535))).isTrue();
        assertThat(TopicSyntax.isValidTopicName("a".repeat(65_536))).isFalse();
        // 'é' is 2 UTF-8 bytes: 32,768 of them are 65,536 bytes though only 32,768 chars.
        assertThat(TopicSyntax.isValidTopicName("é".repeat(32_767) + "a")).isTrue();
        assertThat(TopicSyntax.isValidTopicName("é".repeat(32_768))).isFalse();
        // '温' is 3 bytes, a supplementary character 4 bytes (two chars).
        assertThat(TopicSyntax.isValidTopicFilter("温".repeat(21_845))).isTrue();
        assertThat(TopicSyntax.isValidTopicFilter("温".repeat(21_845) + "a")).isFalse();
        assertThat(TopicSyntax.isValidTopicName("🌡".repeat(16_383) + "abc")).isTrue();
        assertThat(TopicSyntax.isValidTopicName("🌡".repeat(16_384))).isFalse();
    }

    @Test
    void unpairedSurrogatesAreNotWellFormedUtf8() {
        assertThat(TopicSyntax.isValidTopicName("a\uD800")).isFalse();
        assertThat(TopicSyntax.isValidTopicName("\uDC00a")).isFalse();
        assertThat(TopicSyntax.isValidTopicFilter("a/\uD83C/#")).isFalse();
        assertThat(TopicSyntax.isValidTopicName("\uD83C\uDF21")).isTrue();
    }

    @Test
    void sharedSubscriptionFilterReturnsTheInnerFilter() {
        assertThat(TopicSyntax.sharedSubscriptionFilter("$share/g1/x/topic3")).isEqualTo("x/topic3");
        assertThat(TopicSyntax.sharedSubscriptionFilter("$share/g/#")).isEqualTo("#");
        assertThat(TopicSyntax.sharedSubscriptionFilter("$share/g//a")).isEqualTo("/a");
        assertThat(TopicSyntax.sharedSubscriptionFilter("$share/g/$SYS/#")).isEqualTo("$SYS/#");
        assertThat(TopicSyntax.sharedSubscriptionFilter("$share/g/$share/h/a")).isEqualTo("$share/h/a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x/topic3", "$share", "$SHARE/g/a", "$shared/g/a", "a/$share/g/b", "#", "$SYS/x"})
    void filtersNotStartingWithTheSharePrefixAreNotShared(String filter) {
        assertThat(TopicSyntax.sharedSubscriptionFilter(filter)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"$share/", "$share//a", "$share/g", "$share/g/", "$share/g+/a", "$share/+/a",
        "$share/#/a", "$share/a#b/x", "$share/g/a/#/b", "$share/g/a+", "$share/g/\u0000"})
    void malformedSharedSubscriptionsAreRejected(String filter) {
        assertThatThrownBy(() -> TopicSyntax.sharedSubscriptionFilter(filter))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("shared subscription: ");
    }

    @Test
    void malformedShareMessagesSayWhatIsWrong() {
        assertThatThrownBy(() -> TopicSyntax.sharedSubscriptionFilter("$share//a"))
                .hasMessageContaining("ShareName must not be empty");
        assertThatThrownBy(() -> TopicSyntax.sharedSubscriptionFilter("$share/g+/a"))
                .hasMessageContaining("ShareName must not contain");
        assertThatThrownBy(() -> TopicSyntax.sharedSubscriptionFilter("$share/g"))
                .hasMessageContaining("no topic filter");
        assertThatThrownBy(() -> TopicSyntax.sharedSubscriptionFilter("$share/g/#/a"))
                .hasMessageContaining("'#' must be the last level");
    }

    @Test
    void problemReasonsNameTheBrokenRule() {
        assertThat(TopicSyntax.problem("#/a", 0, true)).isEqualTo("'#' must be the last level");
        assertThat(TopicSyntax.problem("a#", 0, true)).isEqualTo("'#' must occupy a whole level");
        assertThat(TopicSyntax.problem("a+/b", 0, true)).isEqualTo("'+' must occupy a whole level");
        assertThat(TopicSyntax.problem("", 0, true)).isEqualTo("must not be empty");
        assertThat(TopicSyntax.problem("a\u0000", 0, true)).isEqualTo("must not contain U+0000");
        assertThat(TopicSyntax.problem("a/+", 0, false)).isEqualTo("a topic name must not contain '+'");
    }
}

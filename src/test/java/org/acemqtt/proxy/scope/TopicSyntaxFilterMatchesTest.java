package org.acemqtt.proxy.scope;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicSyntaxFilterMatchesTest {
    @Test
    void plainSharedAndWildcardFiltersThatReachTheTopicMatch() {
        assertThat(TopicSyntax.filterMatches("authz-info", "authz-info")).isTrue();
        assertThat(TopicSyntax.filterMatches("#", "authz-info")).isTrue();
        assertThat(TopicSyntax.filterMatches("+", "authz-info")).isTrue();
        assertThat(TopicSyntax.filterMatches("$share/g/#", "authz-info")).isTrue();
    }

    @Test
    void filtersThatCannotReachTheTopicOrAreMalformedDoNot() {
        assertThat(TopicSyntax.filterMatches("authz-info/#", "authz-inf")).isFalse();
        assertThat(TopicSyntax.filterMatches("+/x", "authz-info")).isFalse();
        assertThat(TopicSyntax.filterMatches("#", "$SYS/x")).isFalse();
        assertThat(TopicSyntax.filterMatches("a/#/b", "a/x/b")).isFalse();
        assertThat(TopicSyntax.filterMatches("$share//#", "a")).isFalse();
    }
}

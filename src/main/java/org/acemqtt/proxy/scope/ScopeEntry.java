package org.acemqtt.proxy.scope;

import java.util.Objects;

/**
 * One entry of an AIF-MQTT scope after parsing (RFC 9431 §2.3): a valid MQTT topic filter and the permissions it
 * grants. Entries with the same filter are merged (union of permissions, SPEC.md §3.1), so at least one of
 * {@code pub} / {@code sub} is true in every entry an {@link AifScope} returns.
 */
public record ScopeEntry(String topicFilter, boolean pub, boolean sub) {
    public ScopeEntry {
        Objects.requireNonNull(topicFilter, "topicFilter");
    }
}

package org.acemqtt.proxy.relay;

import static org.assertj.core.api.Assertions.assertThat;

import org.acemqtt.proxy.auth.Grant;
import org.acemqtt.proxy.config.UpstreamConfig.ClientIdPolicy;
import org.acemqtt.proxy.scope.AifScope;
import org.junit.jupiter.api.Test;

class UpstreamClientIdsTest {
    private static final Grant ANONYMOUS = Grant.anonymous(AifScope.empty());

    @Test
    void passthroughKeepsTheClientsIdentifier() {
        assertThat(UpstreamClientIds.of(ClientIdPolicy.PASSTHROUGH, ANONYMOUS, "device-1")).isEqualTo("device-1");
    }

    @Test
    void bindToKeyDerivesAStableIdentifierPerHolderAndClientId() {
        String once = UpstreamClientIds.of(ClientIdPolicy.BIND_TO_KEY, ANONYMOUS, "device-1");
        assertThat(once).startsWith("ace-").hasSize(4 + 22).isNotEqualTo("device-1");
        assertThat(UpstreamClientIds.of(ClientIdPolicy.BIND_TO_KEY, ANONYMOUS, "device-1")).isEqualTo(once);
        assertThat(UpstreamClientIds.of(ClientIdPolicy.BIND_TO_KEY, ANONYMOUS, "device-2")).isNotEqualTo(once);
    }

    @Test
    void anEmptyIdentifierStaysEmptySoTheBrokerAssignsAFreshOne() {
        assertThat(UpstreamClientIds.of(ClientIdPolicy.BIND_TO_KEY, ANONYMOUS, "")).isEmpty();
    }
}

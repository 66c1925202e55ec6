package org.acemqtt.proxy.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttProperties;
import java.util.List;
import java.util.Optional;
import org.acemqtt.proxy.config.AceConfig;
import org.junit.jupiter.api.Test;

/** RFC 9431 §2.4.1 AS discovery and [MQTT-3.2.2-20]: the hint never pushes the CONNACK over the client's limit. */
class AsHintTest {
    private static final String HINT = "{\"AS\":\"https://as.example.com/token\",\"audience\":\"mqtts://broker\"}";
    private static final AceConfig ACE = new AceConfig(List.of("mqtts://broker"), List.of(), "authz-info", Optional.empty(),
            5, Optional.of(HINT), 0x87, Optional.empty(), Optional.empty());

    @Test
    void theHintIsTheAceAsHintUserProperty() {
        MqttProperties properties = AsHint.properties(ACE, 0);
        MqttProperties.UserProperties user = (MqttProperties.UserProperties) properties.getProperty(MqttProperties.USER_PROPERTY);
        assertThat(user.value()).singleElement().satisfies(pair -> {
            assertThat(pair.key).isEqualTo("ace_as_hint");
            assertThat(pair.value).isEqualTo(HINT);
        });
    }

    @Test
    void theHintIsLeftOutWhenTheCONNACKWouldExceedTheClientsMaximumPacketSize() {
        assertThat(AsHint.properties(ACE, 40).isEmpty()).isTrue();
        assertThat(AsHint.properties(ACE, 200).isEmpty()).isFalse();
    }
}

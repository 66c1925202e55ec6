package org.acemqtt.proxy.relay;

import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttProperties;
import java.util.Optional;
import org.acemqtt.proxy.scope.AifScope;

/**
 * Decides at CONNECT time what grant a client gets (RFC 9431 §2.2.1, §2.4). This slice knows one source of grants:
 * the configured anonymous scope for clients that present no credentials at all ({@code TLS:Anon,MQTT:None}).
 * Token-based methods plug in here. Immutable; replaced as a whole on reload.
 */
public final class ConnectAuthorizer {
    /** RFC 9431 §2.2.4.2: the only Authentication Method of the profile. */
    public static final String ACE_METHOD = "ace";

    private final Optional<AifScope> anonymousScope;

    public ConnectAuthorizer(Optional<AifScope> anonymousScope) {
        this.anonymousScope = anonymousScope;
    }

    /** A grant, or why there is none. */
    public record Decision(Grant grant, DenyReason denial) {
        static Decision granted(Grant grant) {
            return new Decision(grant, null);
        }

        static Decision denied(DenyReason reason) {
            return new Decision(null, reason);
        }
    }

    public Decision decide(MqttConnectMessage connect) {
        MqttProperties properties = connect.variableHeader().properties();
        MqttProperties.MqttProperty<?> method = properties.getProperty(MqttProperties.AUTHENTICATION_METHOD);
        if (method != null) {
            if (!ACE_METHOD.equals(method.value())) {
                return Decision.denied(DenyReason.BAD_AUTHENTICATION_METHOD);
            }
            return Decision.denied(DenyReason.TOKEN_NOT_ACCEPTED);
        }
        if (connect.variableHeader().hasUserName() || connect.variableHeader().hasPassword()) {
            // RFC 9431 §6: v3.1.1 carries the token in User Name/Password; anything there is a credential the
            // proxy must verify, never something to ignore and then grant public access.
            return Decision.denied(DenyReason.TOKEN_NOT_ACCEPTED);
        }
        return anonymousScope.map(scope -> Decision.granted(Grant.anonymous(scope)))
                .orElseGet(() -> Decision.denied(DenyReason.NO_TOKEN));
    }
}

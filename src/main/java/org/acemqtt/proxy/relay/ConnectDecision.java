package org.acemqtt.proxy.relay;

import io.netty.handler.codec.mqtt.MqttConnectMessage;
import org.acemqtt.proxy.scope.TopicSyntax;

/**
 * The connect-time checks, cheap before expensive (Hono): protocol level, then authentication, then the Will
 * (RFC 9431 §2.2.4.1: a Will outside the scope refuses the connection with CONNACK 0x87).
 */
record ConnectDecision(Grant grant, DenyReason refusal) {

    static ConnectDecision of(ConnectionRelay relay, MqttConnectMessage connect) {
        int version = connect.variableHeader().version();
        if (version != 4 && version != 5) {
            // RFC 9431 §6 covers v5.0 and v3.1.1 only.
            return refused(DenyReason.UNSUPPORTED_PROTOCOL_VERSION);
        }
        ConnectAuthorizer.Decision decision = relay.context.authorizer.get().decide(connect);
        if (decision.denial() != null) {
            relay.context.metrics.auth(decision.denial() == DenyReason.NO_TOKEN ? "anonymous" : "token", "failure",
                    decision.denial().metricTag()).increment();
            return refused(decision.denial());
        }
        if (connect.variableHeader().isWillFlag()) {
            String willTopic = connect.payload().willTopic();
            if (!TopicSyntax.isValidTopicName(willTopic) || !decision.grant().scope().mayPublish(willTopic)) {
                relay.context.metrics.denied("will", DenyReason.WILL_NOT_IN_SCOPE.metricTag()).increment();
                return refused(DenyReason.WILL_NOT_IN_SCOPE);
            }
        }
        relay.context.metrics.auth(decision.grant().source(), "success", "none").increment();
        return new ConnectDecision(decision.grant(), null);
    }

    private static ConnectDecision refused(DenyReason reason) {
        return new ConnectDecision(null, reason);
    }
}

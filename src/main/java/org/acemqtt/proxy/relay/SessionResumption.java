package org.acemqtt.proxy.relay;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribePayload;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.acemqtt.proxy.scope.TopicSyntax;

/**
 * Re-authorization of a resumed session (RFC 9431 §2.2.4.1, R-31): when the broker reports Session Present, the
 * subscriptions the session holds that the new grant no longer covers are unsubscribed on the client's behalf before
 * the client gets its CONNACK, and messages the broker had already queued for them are acknowledged and dropped
 * instead of delivered. Confined to the connection's event loop.
 */
final class SessionResumption {
    private static final Logger LOG = Logger.getLogger(SessionResumption.class.getName());
    /** The proxy's own packet id: nothing of the client's is in flight before its CONNACK. */
    static final int PACKET_ID = 0xFFFF;
    private final ConnectionRelay relay;
    private List<String> removed = List.of();
    private MqttConnAckMessage held;

    SessionResumption(ConnectionRelay relay) {
        this.relay = relay;
    }

    boolean holding() {
        return held != null;
    }

    /** Returns true if the CONNACK is held until the broker confirmed the UNSUBSCRIBE. */
    boolean holdConnack(MqttConnAckMessage connack) {
        if (!connack.variableHeader().isSessionPresent()) {
            return false;
        }
        List<String> uncovered = new ArrayList<>();
        for (String filter : relay.context.subscriptions.filters(relay.upstreamClientId)) {
            if (!relay.grant.scope().maySubscribe(filter) || TopicSyntax.filterMatches(filter, relay.context.ace.authzInfoTopic())) {
                uncovered.add(filter);
            }
        }
        if (uncovered.isEmpty()) {
            return false;
        }
        removed = List.copyOf(uncovered);
        held = connack;
        for (String filter : removed) {
            relay.context.subscriptions.removed(relay.upstreamClientId, filter);
        }
        relay.context.metrics.event("session.reauthorizations", "unsubscribed").increment(removed.size());
        LOG.info(() -> "client=" + relay.clientId + " resumed a session; unsubscribing " + removed.size()
                + " subscription(s) its new grant does not cover");
        relay.writeToUpstream(new MqttUnsubscribeMessage(MqttPackets.fixed(MqttMessageType.UNSUBSCRIBE),
                new MqttMessageIdAndPropertiesVariableHeader(PACKET_ID, MqttProperties.NO_PROPERTIES),
                new MqttUnsubscribePayload(removed)));
        return true;
    }

    /** The broker's UNSUBACK for the proxy's own UNSUBSCRIBE releases the held CONNACK; false for the client's. */
    boolean onUnsuback(MqttMessage unsuback) {
        int id = unsuback.variableHeader() instanceof MqttMessageIdVariableHeader v ? v.messageId()
                : unsuback.variableHeader() instanceof MqttMessageIdAndPropertiesVariableHeader p ? p.messageId() : -1;
        if (held == null || id != PACKET_ID) {
            return false;
        }
        MqttConnAckMessage connack = held;
        held = null;
        relay.completeConnack(connack);
        return true;
    }

    /** A queued delivery for a subscription removed on resumption: acknowledged upstream and dropped, not delivered. */
    boolean dropsQueued(String topic) {
        for (String filter : removed) {
            if (TopicSyntax.filterMatches(filter, topic)) {
                return true;
            }
        }
        return false;
    }
}

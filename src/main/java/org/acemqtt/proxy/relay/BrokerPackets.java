package org.acemqtt.proxy.relay;

import org.acemqtt.proxy.auth.DenyReason;
import org.acemqtt.proxy.auth.Grant;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.util.ReferenceCountUtil;
import java.util.logging.Logger;

/**
 * Broker-to-client packets after CONNACK. Every delivery is re-checked against the receiver's "sub" permissions
 * before it is forwarded (RFC 9431 §3.2); SUBACKs are merged with the proxy's own per-filter denials.
 */
final class BrokerPackets {
    private static final Logger LOG = Logger.getLogger(BrokerPackets.class.getName());
    private final ConnectionRelay relay;

    BrokerPackets(ConnectionRelay relay) {
        this.relay = relay;
    }

    void route(MqttMessage msg) {
        MqttMessageType type = msg.fixedHeader().messageType();
        switch (type) {
            case PUBLISH -> deliver((MqttPublishMessage) msg);
            case SUBACK -> suback((MqttSubAckMessage) msg);
            case UNSUBACK, PUBACK, PUBREC, PUBREL, PUBCOMP, PINGRESP -> relay.writeToClient(msg);
            case DISCONNECT -> {
                if (relay.version == 5) {
                    relay.writeToClient(msg);
                }
                relay.close(DisconnectCause.UPSTREAM_DISCONNECT);
            }
            default -> {
                ReferenceCountUtil.release(msg);
                LOG.warning(() -> "protocol error by upstream for client=" + relay.clientId + ": unexpected " + type);
                relay.upstreamFailed(DisconnectCause.UPSTREAM_PROTOCOL_ERROR);
            }
        }
    }

    private void deliver(MqttPublishMessage publish) {
        if (relay.expiry.expired()) {
            // RFC 9431 §3.2/§4: a message is never delivered to a subscriber whose token has expired.
            publish.release();
            return;
        }
        String topic = relay.upstreamAliases.resolve(publish);
        if (topic == null) {
            publish.release();
            relay.upstreamFailed(DisconnectCause.UPSTREAM_PROTOCOL_ERROR);
            return;
        }
        if (relay.resumption.dropsQueued(topic)) {
            dropQueued(publish);
            return;
        }
        if (!relay.grant.scope().mayReceive(topic)) {
            refuseDelivery(publish);
            return;
        }
        relay.writeToClient(publish);
        relay.context.metrics.messagesToClient().increment();
    }

    /**
     * RFC 9431 §3.2: never forward to an unauthorized subscriber, and do not drop silently: acknowledge the broker so
     * it does not redeliver forever, then DISCONNECT 0x87 and close (R-65; v3.1.1: close, §6.2).
     */
    private void refuseDelivery(MqttPublishMessage publish) {
        int qos = publish.fixedHeader().qosLevel().value();
        int packetId = publish.variableHeader().packetId();
        publish.release();
        relay.context.metrics.denied("delivery", DenyReason.DELIVERY_NOT_IN_SCOPE.metricTag()).increment();
        LOG.info(() -> "broker delivered a message outside the scope of client=" + relay.clientId + "; disconnecting it");
        if (qos > 0) {
            relay.writeToUpstream(MqttPackets.pubReply(qos == 1 ? MqttMessageType.PUBACK : MqttMessageType.PUBREC, packetId, 0));
        }
        relay.close(DisconnectCause.NOT_AUTHORIZED);
    }

    /** A message queued for a subscription removed on resumption: acknowledged so the broker forgets it, never delivered. */
    private void dropQueued(MqttPublishMessage publish) {
        int qos = publish.fixedHeader().qosLevel().value();
        int packetId = publish.variableHeader().packetId();
        publish.release();
        relay.context.metrics.denied("delivery", "resumed_session_queue").increment();
        if (qos > 0) {
            relay.writeToUpstream(MqttPackets.pubReply(qos == 1 ? MqttMessageType.PUBACK : MqttMessageType.PUBREC, packetId, 0));
        }
    }

    private void suback(MqttSubAckMessage ack) {
        for (String filter : relay.subscribes.grantedFilters(ack)) {
            relay.context.subscriptions.granted(relay.upstreamClientId, filter);
        }
        MqttSubAckMessage merged = relay.subscribes.merge(ack);
        if (merged == null) {
            relay.upstreamFailed(DisconnectCause.UPSTREAM_PROTOCOL_ERROR);
        } else {
            relay.writeToClient(merged);
        }
    }
}

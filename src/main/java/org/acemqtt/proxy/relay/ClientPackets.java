package org.acemqtt.proxy.relay;

import org.acemqtt.proxy.auth.DenyReason;
import org.acemqtt.proxy.auth.Grant;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.logging.Logger;
import org.acemqtt.proxy.scope.TopicSyntax;

/**
 * Client-to-broker packets after CONNACK: PUBLISH and SUBSCRIBE are authorized against the grant (RFC 9431 §3.1,
 * §3.3), everything a client may send is forwarded, anything else is a protocol error.
 */
final class ClientPackets {
    private static final Logger LOG = Logger.getLogger(ClientPackets.class.getName());
    private final ConnectionRelay relay;

    ClientPackets(ConnectionRelay relay) {
        this.relay = relay;
    }

    void route(MqttMessage msg) {
        MqttMessageType type = msg.fixedHeader().messageType();
        if ((type == MqttMessageType.PUBLISH || type == MqttMessageType.SUBSCRIBE || type == MqttMessageType.PINGREQ)
                && relay.expiry.expired()) {
            // RFC 9431 §4: expiry is checked whenever PUBLISH or SUBSCRIBE is received, and on PINGREQ.
            ReferenceCountUtil.release(msg);
            return;
        }
        switch (type) {
            case PUBLISH -> publish((MqttPublishMessage) msg);
            case SUBSCRIBE -> subscribe((MqttSubscribeMessage) msg);
            case PUBREL -> {
                if (!relay.authzInfo.onPubrel(((io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader) msg.variableHeader()).messageId())) {
                    relay.writeToUpstream(msg);
                }
            }
            case UNSUBSCRIBE -> {
                for (String filter : ((io.netty.handler.codec.mqtt.MqttUnsubscribeMessage) msg).payload().topics()) {
                    relay.context.subscriptions.removed(relay.upstreamClientId, filter);
                }
                relay.writeToUpstream(msg);
            }
            case PUBACK, PUBREC, PUBCOMP, PINGREQ -> relay.writeToUpstream(msg);
            case AUTH -> relay.reauthentication.onAuth(msg);
            case DISCONNECT -> {
                relay.writeToUpstream(msg);
                relay.close(DisconnectCause.CLIENT);
            }
            default -> {
                // CONNECT twice ([MQTT-3.1.0-2]) and server-only packets are protocol errors.
                ReferenceCountUtil.release(msg);
                LOG.info(() -> "protocol error by client=" + relay.clientId + ": unexpected " + type);
                relay.close(DisconnectCause.PROTOCOL_ERROR);
            }
        }
    }

    private void publish(MqttPublishMessage publish) {
        if (publish.variableHeader().properties().getProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER) != null) {
            // [MQTT-3.3.4-6]: a client must not send a Subscription Identifier. Refused here so that every broker
            // behind the proxy behaves alike (Mosquitto accepts it, HiveMQ disconnects: docs/brokers.md).
            publish.release();
            relay.close(DisconnectCause.PROTOCOL_ERROR);
            return;
        }
        String topic = relay.clientAliases.resolve(publish);
        if (topic == null) {
            publish.release();
            relay.close(relay.clientAliases.error());
            return;
        }
        if (!TopicSyntax.isValidTopicName(topic)) {
            publish.release();
            relay.close(DisconnectCause.TOPIC_NAME_INVALID);
            return;
        }
        if (topic.equals(relay.context.ace.authzInfoTopic())) {
            relay.authzInfo.onPublish(publish);
            return;
        }
        if (!relay.grant.scope().mayPublish(topic)) {
            deny(publish);
            return;
        }
        MqttPublishMessage forward = TopicAliasTable.hasAlias(publish) ? MqttRewrites.withTopic(publish, topic) : publish;
        if (publish.fixedHeader().isRetain() && relay.version == 5 && relay.grant.expiresAt().isPresent()
                && publish.payload().isReadable()) {
            long remaining = java.time.Duration.between(java.time.Instant.now(), relay.grant.expiresAt().get()).getSeconds();
            forward = MqttRewrites.capRetainedExpiry(publish, topic, remaining);
        }
        relay.writeToUpstream(forward);
        relay.context.metrics.messagesToBroker().increment();
        if (publish.fixedHeader().isRetain() && relay.version != 5 && relay.grant.expiresAt().isPresent()) {
            relay.retainedByThisClient.track(topic, publish.payload().isReadable());
        }
    }

    /**
     * RFC 9431 §3.1 / SPEC 2.O: PUBACK or PUBREC with the not-authorized code at QoS 1/2, DISCONNECT at QoS 0;
     * v3.1.1 has neither reason codes nor a server DISCONNECT, so the connection is closed (§6.2).
     */
    private void deny(MqttPublishMessage publish) {
        int qos = publish.fixedHeader().qosLevel().value();
        int packetId = publish.variableHeader().packetId();
        publish.release();
        relay.context.metrics.denied("publish", DenyReason.PUBLISH_NOT_IN_SCOPE.metricTag()).increment();
        LOG.fine(() -> "denied PUBLISH of client=" + relay.clientId + " at QoS " + qos);
        if (relay.version != 5 || qos == 0) {
            relay.close(DisconnectCause.NOT_AUTHORIZED);
        } else {
            MqttMessageType ack = qos == 1 ? MqttMessageType.PUBACK : MqttMessageType.PUBREC;
            relay.writeToClient(MqttPackets.pubReply(ack, packetId, relay.context.notAuthorizedCode()));
        }
    }

    private void subscribe(MqttSubscribeMessage subscribe) {
        List<MqttTopicSubscription> filters = subscribe.payload().topicSubscriptions();
        if (filters.isEmpty() || relay.subscribes.isPending(subscribe.variableHeader().messageId())) {
            // [MQTT-3.8.3-2]: at least one filter; a packet id still in use is a protocol error.
            relay.close(DisconnectCause.PROTOCOL_ERROR);
            return;
        }
        boolean[] allowed = new boolean[filters.size()];
        for (int i = 0; i < allowed.length; i++) {
            String filter = filters.get(i).topicFilter();
            if (!isWellFormed(filter)) {
                relay.close(DisconnectCause.MALFORMED_PACKET);
                return;
            }
            // RFC 9431 §2.2.2: authz-info is publish-only, whatever the scope says.
            DenyReason denial = TopicSyntax.filterMatches(filter, relay.context.ace.authzInfoTopic())
                    ? DenyReason.AUTHZ_INFO_SUBSCRIBE
                    : relay.grant.scope().maySubscribe(filter) ? null : DenyReason.SUBSCRIBE_NOT_IN_SCOPE;
            allowed[i] = denial == null;
            if (denial != null) {
                relay.context.metrics.denied("subscribe", denial.metricTag()).increment();
            }
        }
        int denyCode = relay.version == 5 ? relay.context.notAuthorizedCode() : 0x80;
        SubscribeAuthorization.Split split = relay.subscribes.split(subscribe, allowed, denyCode);
        if (split.reply() != null) {
            relay.writeToClient(split.reply());
        } else {
            relay.writeToUpstream(split.forward());
        }
    }

    private static boolean isWellFormed(String filter) {
        try {
            String shared = TopicSyntax.sharedSubscriptionFilter(filter);
            return TopicSyntax.isValidTopicFilter(shared != null ? shared : filter);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

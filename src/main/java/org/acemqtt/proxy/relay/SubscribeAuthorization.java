package org.acemqtt.proxy.relay;

import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscribePayload;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-filter authorization of SUBSCRIBE (RFC 9431 §3.3): the allowed filters go to the broker in one SUBSCRIBE with
 * the client's packet id, the denied ones are remembered by position, and the broker's SUBACK is merged back so the
 * client gets one reason code per filter in its original position (R-67: partial success is normal).
 * Confined to the connection's event loop.
 */
final class SubscribeAuthorization {
    /** Marks a position whose code the broker will supply. */
    private static final int FROM_BROKER = -1;
    private final Map<Integer, int[]> pending = new HashMap<>();
    /** The filters each SUBSCRIBE sent upstream carried, in order, until its SUBACK (for {@link SubscriptionMemory}). */
    private final Map<Integer, List<String>> forwardedFilters = new HashMap<>();

    /** The outcome for one SUBSCRIBE. */
    record Split(MqttSubscribeMessage forward, MqttSubAckMessage reply, int denied) {
    }

    /**
     * @param allowed which filters (by position) the scope allows
     * @param denyCode the SUBACK code of a denied filter (0x87/0x80 in v5, 0x80 in v3.1.1)
     * @return the SUBSCRIBE to forward (null if nothing is allowed) or the SUBACK to answer at once
     */
    Split split(MqttSubscribeMessage subscribe, boolean[] allowed, int denyCode) {
        List<MqttTopicSubscription> all = subscribe.payload().topicSubscriptions();
        int packetId = subscribe.variableHeader().messageId();
        int[] codes = new int[all.size()];
        List<MqttTopicSubscription> forwarded = new ArrayList<>(all.size());
        for (int i = 0; i < codes.length; i++) {
            if (allowed[i]) {
                codes[i] = FROM_BROKER;
                forwarded.add(all.get(i));
            } else {
                codes[i] = denyCode;
            }
        }
        int denied = codes.length - forwarded.size();
        if (forwarded.isEmpty()) {
            return new Split(null, MqttPackets.suback(packetId, io.netty.handler.codec.mqtt.MqttProperties.NO_PROPERTIES, codes), denied);
        }
        List<String> names = new ArrayList<>(forwarded.size());
        for (MqttTopicSubscription subscription : forwarded) {
            names.add(subscription.topicFilter());
        }
        forwardedFilters.put(packetId, names);
        if (denied == 0) {
            return new Split(subscribe, null, 0);
        }
        pending.put(packetId, codes);
        MqttSubscribeMessage forward = new MqttSubscribeMessage(subscribe.fixedHeader(),
                subscribe.idAndPropertiesVariableHeader(), new MqttSubscribePayload(forwarded));
        return new Split(forward, null, denied);
    }

    /**
     * The SUBACK to give the client for the broker's SUBACK; null if the broker's answer does not fit the forwarded
     * SUBSCRIBE (a protocol error by the broker).
     */
    MqttSubAckMessage merge(MqttSubAckMessage brokerAck) {
        int packetId = brokerAck.variableHeader().messageId();
        int[] codes = pending.remove(packetId);
        if (codes == null) {
            return brokerAck;
        }
        List<Integer> brokerCodes = brokerAck.payload().reasonCodes();
        int next = 0;
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] == FROM_BROKER) {
                if (next >= brokerCodes.size()) {
                    return null;
                }
                codes[i] = brokerCodes.get(next++);
            }
        }
        if (next != brokerCodes.size()) {
            return null;
        }
        MqttMessageIdAndPropertiesVariableHeader header = brokerAck.idAndPropertiesVariableHeader();
        return MqttPackets.suback(packetId, header.properties(), codes);
    }

    /** The filters the broker granted (reason code below 0x80) in its SUBACK {@code brokerAck}. */
    List<String> grantedFilters(MqttSubAckMessage brokerAck) {
        List<String> filters = forwardedFilters.remove(brokerAck.variableHeader().messageId());
        List<Integer> codes = brokerAck.payload().reasonCodes();
        List<String> granted = new ArrayList<>();
        if (filters != null) {
            for (int i = 0; i < Math.min(filters.size(), codes.size()); i++) {
                if (codes.get(i) < 0x80) {
                    granted.add(filters.get(i));
                }
            }
        }
        return granted;
    }

    boolean isPending(int packetId) {
        return pending.containsKey(packetId);
    }
}

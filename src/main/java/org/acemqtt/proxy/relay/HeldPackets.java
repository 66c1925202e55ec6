package org.acemqtt.proxy.relay;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * A bounded FIFO of packets held back until the connection is established (RFC 9431 R-25: nothing a client sends
 * before its CONNACK is processed early; a resumed session's deliveries wait for the scope check of its
 * subscriptions). Its array exists only while something is held: every connection has two of these and an
 * established, idle one must not keep them (issue 7: ≤ 8 KiB per idle connection).
 */
final class HeldPackets {
    private final int limit;
    private ArrayDeque<MqttMessage> queue;

    HeldPackets(int limit) {
        this.limit = limit;
    }

    /** Holds {@code msg}, or returns false (and keeps nothing) when {@code limit} packets are held already. */
    boolean offer(MqttMessage msg) {
        if (queue == null) {
            queue = new ArrayDeque<>(4);
        } else if (queue.size() >= limit) {
            return false;
        }
        queue.add(msg);
        return true;
    }

    /** The oldest held packet, or null; the array goes once the last one is taken. */
    MqttMessage poll() {
        if (queue == null) {
            return null;
        }
        MqttMessage msg = queue.poll();
        if (queue.isEmpty()) {
            queue = null;
        }
        return msg;
    }

    boolean isEmpty() {
        return queue == null;
    }

    void releaseAll() {
        MqttMessage msg;
        while ((msg = poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }
}

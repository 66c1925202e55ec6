package org.acemqtt.proxy.relay;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import java.util.concurrent.TimeUnit;

/**
 * The last packet each leg gets when a relay ends. The client hears a v5 DISCONNECT with the reason code of the
 * cause when MQTT allows one (never before a successful CONNACK, [MQTT-3.14.0-1]); the broker gets a normal
 * DISCONNECT only on a client's own DISCONNECT (already forwarded) or on shutdown, and otherwise a bare close so
 * that it publishes the client's Will (RFC 9431 §5: Wills go out on server-initiated and error disconnects).
 */
final class Disconnects {
    static final long CLOSE_GRACE_SECONDS = 5;

    private Disconnects() {
    }

    static void closeClient(ConnectionRelay relay, ChannelHandlerContext out, DisconnectCause cause, boolean connackSent) {
        Channel client = relay.client;
        if (out == null || !client.isActive()) {
            client.close();
            return;
        }
        if (relay.tlsHandshaking) {
            // During the TLS handshake plaintext writes wait for its end, and Channel.close() passes Vert.x's handler,
            // which writes an empty buffer and closes only once that write completes: a client stalling the
            // handshake would outlive the CONNECT deadline until the handshake timeout. Nothing has been written
            // yet, so close from here towards the head, past neither.
            out.close();
            return;
        }
        if (connackSent && relay.version == 5 && sendsDisconnect(cause)) {
            int code = cause == DisconnectCause.NOT_AUTHORIZED || cause == DisconnectCause.TOKEN_EXPIRED
                    ? relay.context.notAuthorizedCode() : cause.v5ReasonCode();
            out.writeAndFlush(MqttPackets.disconnect(code, (String) null)).addListener(ChannelFutureListener.CLOSE);
        } else {
            out.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
        // A client that stopped reading never lets that last write complete: close it anyway after a grace period.
        out.executor().schedule(() -> {
            if (client.isOpen()) {
                out.close();
            }
        }, CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
    }

    private static boolean sendsDisconnect(DisconnectCause cause) {
        return switch (cause) {
            case CLIENT, CLIENT_CONNECTION_LOST, UPSTREAM_DISCONNECT, TLS_HANDSHAKE_FAILED -> false;
            default -> true;
        };
    }

    static void closeUpstream(Channel upstream, DisconnectCause cause, int version) {
        if (upstream == null) {
            return;
        }
        if (!upstream.isActive()) {
            upstream.close();
            return;
        }
        if (cause == DisconnectCause.SHUTDOWN) {
            MqttMessage disconnect = version == 5 ? MqttPackets.disconnect(0x00, (String) null)
                    : new MqttMessage(MqttPackets.fixed(MqttMessageType.DISCONNECT));
            upstream.writeAndFlush(disconnect).addListener(ChannelFutureListener.CLOSE);
        } else {
            upstream.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}

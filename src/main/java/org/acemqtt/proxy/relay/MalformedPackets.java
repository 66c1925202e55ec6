package org.acemqtt.proxy.relay;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import java.util.logging.Logger;

/**
 * What a client gets for a packet the decoder refused (it never throws: a failed DecoderResult, Netty's habit).
 * Before CONNACK the answer is a CONNACK with the reason (MQTT v5 §3.2.2.2), after it a DISCONNECT 0x81 Malformed
 * packet or 0x95 Packet too large; v3.1.1 connections are closed.
 */
final class MalformedPackets {
    private static final Logger LOG = Logger.getLogger(MalformedPackets.class.getName());
    /** A v3.1.1-format CONNACK "unacceptable protocol version": readable by any MQTT client. */
    private static final byte[] CONNACK_UNACCEPTABLE_VERSION = {0x20, 0x02, 0x00, 0x01};

    private MalformedPackets() {
    }

    static void onClientFailure(ConnectionRelay relay, Throwable cause, boolean connackSent) {
        boolean tooLarge = cause instanceof TooLongFrameException;
        LOG.info(() -> "malformed packet from " + relay.client.remoteAddress() + " client=" + relay.clientId + ": " + cause.getMessage());
        DisconnectCause disconnect = tooLarge ? DisconnectCause.PACKET_TOO_LARGE : DisconnectCause.MALFORMED_PACKET;
        if (connackSent) {
            relay.close(disconnect);
        } else if (cause instanceof MqttUnacceptableProtocolVersionException) {
            relay.writeAndFlushToClient(Unpooled.wrappedBuffer(CONNACK_UNACCEPTABLE_VERSION));
            relay.close(DisconnectCause.PROTOCOL_ERROR);
        } else if (relay.state == ConnectionRelay.State.AWAITING_CONNECT && MqttVersions.isVersion5(relay.client)) {
            relay.sendConnackAndClose(tooLarge ? 0x95 : 0x81, MqttProperties.NO_PROPERTIES, disconnect);
        } else {
            relay.close(disconnect);
        }
    }
}

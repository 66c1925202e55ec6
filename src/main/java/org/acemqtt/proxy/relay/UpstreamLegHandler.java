package org.acemqtt.proxy.relay;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.util.ReferenceCountUtil;

/** The upstream leg's last stage: hands the broker's packets and channel events to the relay. */
final class UpstreamLegHandler extends ChannelInboundHandlerAdapter {
    private final ConnectionRelay relay;

    UpstreamLegHandler(ConnectionRelay relay) {
        this.relay = relay;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof MqttMessage message) {
            relay.onUpstreamPacket(message);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        relay.onUpstreamReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        relay.onUpstreamWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        relay.onUpstreamInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        relay.onUpstreamException(cause);
    }
}

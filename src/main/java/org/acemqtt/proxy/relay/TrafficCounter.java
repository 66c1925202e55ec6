package org.acemqtt.proxy.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts the bytes on the wire of one client connection (below TLS), for the access-log line written when the
 * connection closes. Two field additions per read or write; confined to the connection's event loop.
 */
final class TrafficCounter extends ChannelDuplexHandler {
    long bytesIn;
    long bytesOut;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            bytesIn += buf.readableBytes();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            bytesOut += buf.readableBytes();
        }
        ctx.write(msg, promise);
    }
}

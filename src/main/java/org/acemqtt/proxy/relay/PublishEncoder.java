package org.acemqtt.proxy.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import java.util.List;

/**
 * Encodes PUBLISH as two buffers, a freshly written header and the received payload itself, so that a forwarded
 * payload is never copied (Netty's MqttEncoder copies it into one buffer). Sits after MqttEncoder in the pipeline so
 * that it sees PUBLISH first; every other packet passes on to MqttEncoder.
 */
@ChannelHandler.Sharable
final class PublishEncoder extends MessageToMessageEncoder<MqttPublishMessage> {
    static final PublishEncoder INSTANCE = new PublishEncoder();

    private PublishEncoder() {
        super(MqttPublishMessage.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, MqttPublishMessage msg, List<Object> out) {
        MqttFixedHeader fixed = msg.fixedHeader();
        MqttPublishVariableHeader header = msg.variableHeader();
        boolean v5 = MqttVersions.isVersion5(ctx.channel());
        ByteBuf properties = v5 ? Mqtt5Properties.encode(ctx.alloc(), header.properties()) : null;
        try {
            String topic = header.topicName();
            int topicBytes = ByteBufUtil.utf8Bytes(topic);
            boolean hasPacketId = fixed.qosLevel().value() > 0;
            int propertiesBytes = properties == null ? 0 : Mqtt5Properties.varIntSize(properties.readableBytes()) + properties.readableBytes();
            int variablePart = 2 + topicBytes + (hasPacketId ? 2 : 0) + propertiesBytes;
            ByteBuf payload = msg.payload();
            long remaining = (long) variablePart + payload.readableBytes();
            if (remaining > 268_435_455) {
                throw new EncoderException("PUBLISH larger than the MQTT Remaining Length limit");
            }
            ByteBuf head = ctx.alloc().buffer(1 + 4 + variablePart);
            head.writeByte(0x30 | (fixed.isDup() ? 0x08 : 0) | (fixed.qosLevel().value() << 1) | (fixed.isRetain() ? 1 : 0));
            Mqtt5Properties.writeVarInt(head, (int) remaining);
            head.writeShort(topicBytes);
            ByteBufUtil.reserveAndWriteUtf8(head, topic, topicBytes);
            if (hasPacketId) {
                head.writeShort(header.packetId());
            }
            if (properties != null) {
                Mqtt5Properties.writeVarInt(head, properties.readableBytes());
                head.writeBytes(properties);
            }
            out.add(head);
            if (payload.isReadable()) {
                out.add(payload.retainedDuplicate());
            }
        } finally {
            if (properties != null) {
                properties.release();
            }
        }
    }
}

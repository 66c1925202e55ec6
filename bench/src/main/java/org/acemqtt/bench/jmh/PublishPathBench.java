package org.acemqtt.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.acemqtt.proxy.scope.AifScope;
import org.acemqtt.proxy.token.cbor.CborWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The per-PUBLISH work the proxy does, built only from public APIs: netty-codec-mqtt's {@link MqttDecoder} (v5, as
 * negotiated by a CONNECT), the proxy's {@link AifScope#mayPublish} on a 10-entry scope, and netty's
 * {@link MqttEncoder}. The proxy's own relay (its zero-copy {@code PublishEncoder}, topic-alias resolution, metrics) is
 * package-private in {@code org.acemqtt.proxy.relay} and therefore not in this figure; netty's encoder re-encodes the
 * fixed header and topic and keeps the payload as a retained slice, as the proxy's encoder is meant to.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PublishPathBench {
    @Param({"64", "4096"})
    public int size;

    private EmbeddedChannel channel;
    private ByteBuf publish;
    private AifScope scope;

    static byte[] aif10() {
        String[][] entries = {
            {"sensors/+/temperature", "pub"}, {"sensors/+/humidity", "pub"}, {"devices/dev-7/cmd/#", "sub"},
            {"devices/dev-7/status", "pub"}, {"fleet/+/alerts", "sub"}, {"logs/dev-7/#", "pub"},
            {"config/dev-7", "sub"}, {"bench/+/data", "pub", "sub"}, {"bench/lat/#", "pub", "sub"},
            {"bench/fan/#", "pub", "sub"},
        };
        CborWriter w = new CborWriter().arrayHeader(entries.length);
        for (String[] e : entries) {
            w.arrayHeader(2).text(e[0]).arrayHeader(e.length - 1);
            for (int i = 1; i < e.length; i++) {
                w.text(e[i]);
            }
        }
        return w.toByteArray();
    }

    static byte[] publishPacket(String topic, int size) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        int body = 2 + t.length + 2 + 1 + size; // topic, packet id, empty properties, payload (QoS 1)
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        o.write(0x32);
        int n = body;
        do {
            int b = n & 0x7f;
            n >>>= 7;
            o.write(n > 0 ? b | 0x80 : b);
        } while (n > 0);
        o.write(t.length >> 8);
        o.write(t.length);
        o.writeBytes(t);
        o.write(0);
        o.write(7);
        o.write(0);
        o.writeBytes(new byte[size]);
        return o.toByteArray();
    }

    static final byte[] CONNECT_V5 = {0x10, 14, 0, 4, 'M', 'Q', 'T', 'T', 5, 2, 0, 60, 0, 0, 1, 'c'};

    @Setup
    public void setup() throws Exception {
        scope = AifScope.parseCbor(aif10());
        channel = new EmbeddedChannel(new MqttDecoder(4 * 1024 * 1024), MqttEncoder.INSTANCE);
        channel.config().setAllocator(PooledByteBufAllocator.DEFAULT);
        channel.writeInbound(channel.alloc().buffer().writeBytes(CONNECT_V5));
        Object connect = channel.readInbound();
        io.netty.util.ReferenceCountUtil.release(connect);
        byte[] pkt = publishPacket("bench/p1/data", size);
        publish = PooledByteBufAllocator.DEFAULT.directBuffer(pkt.length).writeBytes(pkt);
    }

    @TearDown
    public void tearDown() {
        publish.release();
        channel.finishAndReleaseAll();
    }

    /** Decode one PUBLISH from bytes, authorize its topic, re-encode it, release everything. */
    @Benchmark
    public boolean decodeAuthorizeEncode() {
        channel.writeInbound(publish.retainedDuplicate());
        MqttPublishMessage m = channel.readInbound();
        boolean allowed = scope.mayPublish(m.variableHeader().topicName());
        channel.writeOutbound(m);
        ByteBuf out = channel.readOutbound();
        out.release();
        return allowed;
    }

    /** Decode only (the decoder's own cost: fixed header, topic String, properties, payload slice). */
    @Benchmark
    public boolean decodeOnly() {
        channel.writeInbound(publish.retainedDuplicate());
        MqttPublishMessage m = channel.readInbound();
        boolean r = m.variableHeader().packetId() > 0;
        m.release();
        return r;
    }
}

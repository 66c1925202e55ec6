package org.acemqtt.proxy.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.tls.TlsProtocol;

/**
 * Queues plaintext writes until {@code flush()} and packs them into full records (RFC 8446 §5.1: 16 KiB of plaintext
 * each), so many small MQTT packets cost few records. Each write's promise completes when the ciphertext slice holding
 * its last byte was written. Every queued buffer is released exactly once. Confined to the channel's event loop.
 */
final class RecordCoalescer {
    /** RFC 8446 §5.1: the maximum plaintext per record. */
    static final int MAX_PLAINTEXT = 16 * 1024;
    /** Ciphertext goes to the socket in slices of about this size, each completing its own promises. */
    private static final int OUTPUT_SLICE = 64 * 1024;

    /** Small at first: an idle connection keeps this deque (issue 7); a busy one grows it once. */
    private final ArrayDeque<PendingWrite> pending = new ArrayDeque<>(4);

    private record PendingWrite(ByteBuf data, ChannelPromise promise) {
    }

    void add(ByteBuf data, ChannelPromise promise) {
        pending.add(new PendingWrite(data, promise));
    }

    /**
     * Encrypts everything queued and writes (does not flush) the ciphertext.
     *
     * @return the number of plaintext bytes encrypted
     * @throws IOException if BC failed; the promises of the data taken so far are failed, the rest stay queued
     */
    long encryptAndWrite(ChannelHandlerContext ctx, TlsProtocol protocol) throws IOException {
        List<ChannelPromise> encrypted = new ArrayList<>();
        byte[] staging = EventLoopScratch.plaintext(); // every staged byte is handed to BC before ctx.write below
        int staged = 0;
        long total = 0;
        try {
            while (!pending.isEmpty()) {
                PendingWrite w = pending.poll();
                encrypted.add(w.promise());
                ByteBuf data = w.data();
                total += data.readableBytes();
                try {
                    while (data.isReadable()) {
                        int k = Math.min(data.readableBytes(), staging.length - staged);
                        data.readBytes(staging, staged, k);
                        staged += k;
                        if (staged == staging.length) {
                            protocol.writeApplicationData(staging, 0, staged);
                            staged = 0;
                        }
                    }
                } finally {
                    data.release();
                }
                if (protocol.getAvailableOutputBytes() >= OUTPUT_SLICE) {
                    if (staged > 0) {
                        protocol.writeApplicationData(staging, 0, staged);
                        staged = 0;
                    }
                    write(ctx, protocol, encrypted);
                    encrypted = new ArrayList<>();
                }
            }
            if (staged > 0) {
                protocol.writeApplicationData(staging, 0, staged);
            }
            write(ctx, protocol, encrypted);
            return total;
        } catch (IOException | RuntimeException e) {
            IOException failure = new IOException("TLS record encryption failed", e);
            encrypted.forEach(p -> p.tryFailure(failure));
            throw failure;
        }
    }

    private static void write(ChannelHandlerContext ctx, TlsProtocol protocol, List<ChannelPromise> promises) {
        ByteBuf out = drainOutput(ctx, protocol);
        if (out == null) {
            promises.forEach(ChannelPromise::trySuccess);
            return;
        }
        ChannelFuture f = ctx.write(out);
        if (!promises.isEmpty()) {
            f.addListener(done -> {
                for (ChannelPromise p : promises) {
                    if (done.isSuccess()) {
                        p.trySuccess();
                    } else {
                        p.tryFailure(done.cause());
                    }
                }
            });
        }
    }

    /** Everything BC has produced (records, handshake messages, alerts) as one direct buffer, or null. */
    static ByteBuf drainOutput(ChannelHandlerContext ctx, TlsProtocol protocol) {
        int available = protocol.getAvailableOutputBytes();
        if (available == 0) {
            return null;
        }
        ByteBuf out = ctx.alloc().directBuffer(available);
        protocol.readOutput(out.internalNioBuffer(0, available), available);
        out.writerIndex(available);
        return out;
    }

    void failAll(Throwable cause) {
        PendingWrite w;
        while ((w = pending.poll()) != null) {
            w.data().release();
            w.promise().tryFailure(cause);
        }
    }
}

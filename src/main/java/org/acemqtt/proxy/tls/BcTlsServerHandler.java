package org.acemqtt.proxy.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.UnsupportedMessageTypeException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Terminates TLS with BouncyCastle's low-level {@link TlsServerProtocol} in non-blocking mode. Sits at the head of the
 * pipeline: ciphertext in, plaintext {@link ByteBuf}s out; plaintext writes are coalesced until {@code flush()} into
 * full 16 KiB records. Fires {@link TlsHandshakeCompletedEvent} (after setting {@link TlsSessionInfo#ATTRIBUTE}) before
 * any plaintext, or {@link TlsHandshakeFailedEvent} and closes the channel. Exceptions never leave this handler.
 *
 * <p>Confined to the channel's event loop: no locks.
 */
public final class BcTlsServerHandler extends ByteToMessageDecoder implements ChannelOutboundHandler {
    private static final System.Logger LOG = System.getLogger(BcTlsServerHandler.class.getName());
    private static final long CLOSE_NOTIFY_TIMEOUT_MILLIS = 3_000;
    /**
     * Reads (flushes) smaller than this give BC's inbound (outbound) buffers back ({@link CompactingTlsServerProtocol}): a
     * connection that only pings holds none, while a busy one (reads of many KiB) keeps them instead of reallocating
     * per read.
     */
    private static final int TRICKLE = 1_024;

    private final TlsServerSettings settings;
    private final RecordCoalescer records = new RecordCoalescer();
    private CompactingTlsServerProtocol protocol;
    private ProxyTlsServer server;
    private ScheduledFuture<?> handshakeTimeout;
    private boolean handshakeDone;
    private boolean flushRequested;
    private boolean failed;
    private boolean closing;

    BcTlsServerHandler(TlsServerSettings settings) {
        this.settings = settings;
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        server = settings.newServer();
        protocol = new CompactingTlsServerProtocol();
        try {
            protocol.accept(server); // non-blocking mode: returns at once, waits for the ClientHello
        } catch (Exception e) {
            fail(ctx, "cannot start TLS: " + e.getMessage(), e);
            return;
        }
        long timeoutMillis = settings.handshakeTimeout().toMillis();
        handshakeTimeout = ctx.executor().schedule(
                () -> fail(ctx, "handshake timed out after " + timeoutMillis + " ms", null),
                timeoutMillis, TimeUnit.MILLISECONDS);
        if (ctx.channel().isActive() && !ctx.channel().config().isAutoRead()) {
            ctx.read(); // added after activation with auto-read off: ask for the ClientHello ourselves
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (!ctx.channel().config().isAutoRead()) {
            ctx.read(); // added before activation (client bootstraps, tests): start reading the ClientHello
        }
        ctx.fireChannelActive();
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelTimeout();
        failPendingWrites(new ClosedChannelException());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimeout();
        failPendingWrites(new ClosedChannelException());
        if (!handshakeDone && !failed) {
            failed = true;
            LOG.log(System.Logger.Level.DEBUG, "TLS handshake failed: connection closed during handshake");
            ctx.fireUserEventTriggered(new TlsHandshakeFailedEvent("connection closed during handshake"));
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (handshakeDone) {
            ctx.fireExceptionCaught(cause); // socket errors after the handshake belong to the relay
        } else {
            fail(ctx, "transport error during handshake: " + cause.getMessage(), cause);
        }
    }

    // ---------------------------------------------------------------- inbound

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed || closing || protocol == null) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int received = in.readableBytes();
        try {
            while (in.isReadable() && !failed) {
                int n = in.readableBytes();
                if (in.hasArray()) {
                    protocol.offerInput(in.array(), in.arrayOffset() + in.readerIndex(), n);
                    in.skipBytes(n);
                } else {
                    n = Math.min(n, EventLoopScratch.INPUT_CHUNK);
                    byte[] scratch = EventLoopScratch.input();
                    in.readBytes(scratch, 0, n);
                    protocol.offerInput(scratch, 0, n);
                }
                afterInput(ctx, out);
            }
            if (received < TRICKLE && !failed) {
                protocol.compactInput(); // a trickle (PINGREQ, a CONNECT): idle from here on as far as we know
            }
        } catch (Exception e) {
            // BC has queued the fatal alert it raised (bad_record_mac, decode_error, ...): send it, then close.
            in.skipBytes(in.readableBytes());
            fail(ctx, describe(e), e);
        }
    }

    private void afterInput(ChannelHandlerContext ctx, List<Object> out) {
        writeProtocolOutput(ctx, true);
        if (!handshakeDone && server.sessionInfo() != null) {
            completeHandshake(ctx);
        }
        int available;
        while ((available = protocol.getAvailableInputBytes()) > 0) {
            ByteBuf plain = ctx.alloc().heapBuffer(available);
            protocol.readInput(plain.array(), plain.arrayOffset() + plain.writerIndex(), available);
            plain.writerIndex(plain.writerIndex() + available);
            out.add(plain);
        }
        if (protocol.isClosed() && !failed) {
            // close_notify received: BC answered it; deliver what we have, then close.
            closing = true;
            writeProtocolOutput(ctx, true);
            ctx.close();
        }
    }

    private void completeHandshake(ChannelHandlerContext ctx) {
        handshakeDone = true;
        cancelTimeout();
        TlsSessionInfo info = server.sessionInfo();
        ctx.channel().attr(TlsSessionInfo.ATTRIBUTE).set(info); // before any plaintext goes downstream
        LOG.log(System.Logger.Level.DEBUG, "TLS handshake completed: {0}", info);
        ctx.fireUserEventTriggered(new TlsHandshakeCompletedEvent(info));
        protocol.compactInput(); // the handshake flights have been read and written out
        protocol.compactOutput();
        if (flushRequested) {
            flushRequested = false;
            encryptPending(ctx);
            ctx.flush();
        }
    }

    // ---------------------------------------------------------------- outbound

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            promise.tryFailure(new UnsupportedMessageTypeException(msg, ByteBuf.class));
            return;
        }
        if (failed || closing) {
            buf.release();
            promise.tryFailure(new ClosedChannelException());
            return;
        }
        records.add(buf, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (!handshakeDone) {
            flushRequested = true; // plaintext waits for the handshake; handshake output is flushed as produced
            return;
        }
        encryptPending(ctx);
        ctx.flush();
    }

    private void encryptPending(ChannelHandlerContext ctx) {
        try {
            if (records.encryptAndWrite(ctx, protocol) < TRICKLE) {
                protocol.compactOutput();
            }
        } catch (IOException e) {
            fail(ctx, describe(e.getCause()), e.getCause());
        }
    }

    /** Writes whatever BC produced (handshake messages, alerts, close_notify). */
    private void writeProtocolOutput(ChannelHandlerContext ctx, boolean flush) {
        ByteBuf out = drainOutput(ctx);
        if (out != null) {
            ctx.write(out);
            if (flush) {
                ctx.flush();
            }
        }
    }

    private ByteBuf drainOutput(ChannelHandlerContext ctx) {
        return RecordCoalescer.drainOutput(ctx, protocol);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (protocol == null || failed || closing || !handshakeDone || protocol.isClosed()) {
            closing = true;
            failPendingWrites(new ClosedChannelException());
            ctx.close(promise);
            return;
        }
        closing = true;
        encryptPending(ctx); // queued plaintext goes out before close_notify, as with SslHandler
        try {
            protocol.close(); // queues close_notify
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "TLS close_notify failed: {0}", describe(e));
        }
        ByteBuf out = drainOutput(ctx);
        if (out == null) {
            ctx.close(promise);
            return;
        }
        ScheduledFuture<?> guard = ctx.executor().schedule(() -> {
            ctx.close();
        }, CLOSE_NOTIFY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        ctx.writeAndFlush(out).addListener(done -> {
            guard.cancel(false);
            ctx.close(promise);
        });
    }

    // ---------------------------------------------------------------- failure

    private void fail(ChannelHandlerContext ctx, String reason, Throwable cause) {
        if (failed) {
            return;
        }
        failed = true;
        cancelTimeout();
        String detail = server != null && server.lastAlert() != null ? reason + " (" + server.lastAlert() + ")" : reason;
        LOG.log(System.Logger.Level.DEBUG, "TLS failure on {0}: {1}", ctx.channel().remoteAddress(), detail);
        failPendingWrites(new IOException("TLS failed: " + detail));
        if (!handshakeDone) {
            ctx.fireUserEventTriggered(new TlsHandshakeFailedEvent(detail, cause));
        }
        ByteBuf alert = protocol == null ? null : drainOutput(ctx);
        if (alert != null && ctx.channel().isActive()) {
            ctx.writeAndFlush(alert).addListener(done -> ctx.close());
        } else {
            ReferenceCountUtil.release(alert);
            ctx.close();
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private void failPendingWrites(Throwable cause) {
        records.failAll(cause);
    }

    private void cancelTimeout() {
        if (handshakeTimeout != null) {
            handshakeTimeout.cancel(false);
            handshakeTimeout = null;
        }
    }

    // ---------------------------------------------------------------- plain pass-through

    @Override
    public void bind(ChannelHandlerContext ctx, SocketAddress localAddress, ChannelPromise promise) {
        ctx.bind(localAddress, promise);
    }

    @Override
    public void connect(ChannelHandlerContext ctx, SocketAddress remote, SocketAddress local, ChannelPromise promise) {
        ctx.connect(remote, local, promise);
    }

    @Override
    public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
        close(ctx, promise);
    }

    @Override
    public void deregister(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.deregister(promise);
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        ctx.read();
    }
}

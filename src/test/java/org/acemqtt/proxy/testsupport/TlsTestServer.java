package org.acemqtt.proxy.testsupport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.acemqtt.proxy.tls.TlsHandshakeCompletedEvent;
import org.acemqtt.proxy.tls.TlsHandshakeFailedEvent;
import org.acemqtt.proxy.tls.TlsServerSettings;
import org.acemqtt.proxy.tls.TlsSessionInfo;

/**
 * A TLS echo server on 127.0.0.1, port 0, built like the proxy's listener: auto-read off, and the
 * {@code BcTlsServerHandler} added with {@code addFirst} once the channel is active. Records each session and failure.
 */
public final class TlsTestServer implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel serverChannel;
    private final BlockingQueue<TlsSessionInfo> sessions = new LinkedBlockingQueue<>();
    private final BlockingQueue<TlsHandshakeFailedEvent> failures = new LinkedBlockingQueue<>();

    public TlsTestServer(TlsServerSettings settings) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("echo", new Echo());
                        ch.pipeline().addFirst("tls", settings.newHandler()); // channel already active here
                    }
                });
        serverChannel = b.bind("127.0.0.1", 0).sync().channel();
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The next completed session, or null after the timeout. */
    public TlsSessionInfo awaitSession(long seconds) throws InterruptedException {
        return sessions.poll(seconds, TimeUnit.SECONDS);
    }

    /** The next handshake failure, or null after the timeout. */
    public TlsHandshakeFailedEvent awaitFailure(long seconds) throws InterruptedException {
        return failures.poll(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof TlsHandshakeCompletedEvent done) {
                if (ctx.channel().attr(TlsSessionInfo.ATTRIBUTE).get() != done.session()) {
                    throw new IllegalStateException("session attribute not set before the completion event");
                }
                sessions.add(done.session());
            } else if (evt instanceof TlsHandshakeFailedEvent failed) {
                failures.add(failed);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (ctx.channel().attr(TlsSessionInfo.ATTRIBUTE).get() == null) {
                ((ByteBuf) msg).release();
                throw new IllegalStateException("plaintext before the session attribute");
            }
            // Back-pressure as in the relay: read again once the echo was written.
            ctx.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    ctx.read();
                }
            });
        }
    }
}

package org.acemqtt.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.Future;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.acemqtt.proxy.testsupport.NettyLeakGuard;
import org.acemqtt.proxy.testsupport.TestPki;
import org.acemqtt.proxy.testsupport.TlsTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The proxy's TLS client leg (BoringSSL via netty-tcnative) against a TLS server with the test PKI. */
@ExtendWith(NettyLeakGuard.class)
class UpstreamTlsContextsIT {
    @TempDir
    static Path dir;
    static TestPki pki;
    static TlsTestServer server;
    static EventLoopGroup group;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir);
        server = new TlsTestServer(TlsServerSettings.load(pki.serverCertificate(), pki.serverPrivateKey(),
                List.of("TLSv1.3", "TLSv1.2"), false, false));
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
    }

    private static Future<Channel> handshake(SslContext context, String host) throws InterruptedException {
        SslHandler[] ssl = new SslHandler[1];
        Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        ssl[0] = context.newHandler(c.alloc(), host, server.port());
                        c.pipeline().addLast(ssl[0], new io.netty.channel.ChannelInboundHandlerAdapter() {
                            @Override
                            public void exceptionCaught(io.netty.channel.ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close(); // expected handshake failures: the handshake future carries them
                            }
                        });
                    }
                }).connect("127.0.0.1", server.port()).sync().channel();
        Future<Channel> done = ssl[0].handshakeFuture().await();
        ch.close().sync();
        return done;
    }

    @Test
    void boringSslClientVerifiesTheBrokerCertificateAndHostname() throws Exception {
        assertThat(UpstreamTlsContexts.provider()).isEqualTo(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK);
        SslContext context = UpstreamTlsContexts.forUpstream(pki.caCertificate(), null, null);
        assertThat(handshake(context, "localhost").isSuccess()).isTrue();
        assertThat(server.awaitSession(5)).isNotNull();
        assertThat(handshake(context, "broker.example.com").isSuccess()).isFalse(); // hostname verification is on
    }

    @Test
    void untrustedBrokerCertificateIsRefused() throws Exception {
        TestPki other = TestPki.create(dir.resolve("other"));
        SslContext context = UpstreamTlsContexts.forUpstream(other.caCertificate(), other.clientCertificate(),
                other.clientPrivateKey());
        assertThat(handshake(context, "localhost").isSuccess()).isFalse();
    }

    @Test
    void missingTrustStoreIsReported() {
        assertThatThrownBy(() -> UpstreamTlsContexts.forUpstream(dir.resolve("none.pem"), null, null))
                .isInstanceOf(TlsSettingsException.class).hasMessage("trustStore: file not found: " + dir.resolve("none.pem"));
    }
}

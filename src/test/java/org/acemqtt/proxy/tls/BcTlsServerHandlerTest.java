package org.acemqtt.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.acemqtt.proxy.testsupport.NettyLeakGuard;
import org.acemqtt.proxy.testsupport.TestPki;
import org.bouncycastle.tls.ProtocolVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NettyLeakGuard.class)
class BcTlsServerHandlerTest {
    @TempDir
    static Path dir;
    static TestPki pki;
    static TlsServerSettings settings;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir);
        settings = TlsServerSettings.load(pki.serverCertificate(), pki.serverPrivateKey(), List.of("TLSv1.3", "TLSv1.2"),
                true, true);
    }

    /** Records user events and plaintext arriving downstream of the TLS handler. */
    static final class Downstream extends ChannelInboundHandlerAdapter {
        final List<Object> events = new ArrayList<>();
        final ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
        boolean attributeSetBeforeFirstPlaintext = true;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                if (ctx.channel().attr(TlsSessionInfo.ATTRIBUTE).get() == null) {
                    attributeSetBeforeFirstPlaintext = false;
                }
                byte[] b = new byte[buf.readableBytes()];
                buf.readBytes(b);
                plaintext.writeBytes(b);
            } finally {
                buf.release();
            }
        }

        <T> T event(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
        }
    }

    static final class Fixture {
        final EmbeddedChannel channel = new EmbeddedChannel();
        final Downstream downstream = new Downstream();
        final BcTestClient client;

        Fixture(TlsServerSettings settings, BcTestClient.Builder client) throws IOException {
            channel.pipeline().addLast(downstream);
            channel.pipeline().addFirst(settings.newHandler()); // the channel is already active, as in the proxy
            this.client = client == null ? null : client.start();
        }

        Fixture(BcTestClient.Builder client) throws IOException {
            this(settings, client);
        }

        /** Moves ciphertext both ways until neither side has anything to say. */
        void pump() throws IOException {
            for (int i = 0; i < 10_000; i++) {
                boolean progress = false;
                ByteBuf toServer = client.takeOutput();
                if (toServer != null) {
                    channel.writeInbound(toServer);
                    progress = true;
                }
                channel.runPendingTasks();
                ByteBuf toClient;
                while ((toClient = channel.readOutbound()) != null) {
                    if (client.protocol.isClosed()) {
                        toClient.release(); // e.g. the server's answer to our close_notify
                        continue;
                    }
                    client.offer(toClient);
                    progress = true;
                }
                if (!progress) {
                    return;
                }
            }
            throw new AssertionError("pump did not settle");
        }

        TlsSessionInfo session() {
            return channel.attr(TlsSessionInfo.ATTRIBUTE).get();
        }

        void finish() {
            channel.finishAndReleaseAll();
            assertThat(channel.outboundMessages()).isEmpty();
        }
    }

    static BcTestClient.Builder client() {
        return BcTestClient.builder(pki.serverCertificate());
    }

    @Test
    void tls13HandshakeCompletesAndBothSidesExportTheSameValue() throws Exception {
        Fixture f = new Fixture(client().versions(ProtocolVersion.TLSv13).sni("localhost").alpnMqtt());
        f.pump();
        assertThat(f.client.connected()).isTrue();
        TlsSessionInfo s = f.session();
        assertThat(s.protocol()).isEqualTo("TLSv1.3");
        assertThat(s.cipherSuite()).startsWith("TLS_AES_").endsWith("GCM_SHA256");
        assertThat(s.exporter()).isEqualTo(f.client.exporter).hasSize(32);
        assertThat(s.exporterNoContext()).isEqualTo(s.exporter());
        assertThat(s.exporterMatches(f.client.exporter)).isTrue();
        assertThat(s.sniHostName()).isEqualTo("localhost");
        assertThat(s.alpnProtocol()).isEqualTo("mqtt");
        assertThat(f.client.negotiatedAlpn).isEqualTo("mqtt");
        assertThat(s.peer()).isEqualTo(PeerIdentity.NONE);
        assertThat(f.downstream.event(TlsHandshakeCompletedEvent.class).session()).isSameAs(s);
        f.finish();
    }

    @Test
    void tls12HandshakeUsesExtendedMasterSecretAndExportsBothContextForms() throws Exception {
        Fixture f = new Fixture(client().versions(ProtocolVersion.TLSv12));
        f.pump();
        TlsSessionInfo s = f.session();
        assertThat(s.protocol()).isEqualTo("TLSv1.2");
        assertThat(s.cipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        assertThat(s.exporter()).isEqualTo(f.client.exporter);
        assertThat(s.exporterNoContext()).isEqualTo(f.client.exporterNoContext);
        assertThat(s.exporter()).isNotEqualTo(s.exporterNoContext()); // RFC 5705: the forms differ on TLS 1.2
        assertThat(s.alpnProtocol()).isNull();
        f.finish();
    }

    @Test
    void tls12WithoutExtendedMasterSecretIsRefused() throws Exception {
        Fixture f = new Fixture(client().versions(ProtocolVersion.TLSv12).withoutExtendedMasterSecret());
        try {
            f.pump();
        } catch (IOException expected) {
            // the client receives the server's fatal alert
        }
        assertThat(f.client.connected()).isFalse();
        assertThat(f.session()).isNull();
        assertThat(f.downstream.event(TlsHandshakeFailedEvent.class)).isNotNull();
        assertThat(f.downstream.event(TlsHandshakeFailedEvent.class).reason()).contains("handshake_failure");
        assertThat(f.channel.isOpen()).isFalse();
        f.finish();
    }

    @Test
    void tls13OnlyListenerRefusesTls12Client() throws Exception {
        TlsServerSettings only13 = TlsServerSettings.load(pki.serverCertificate(), pki.serverPrivateKey(),
                List.of("TLSv1.3"), false, false);
        Fixture f = new Fixture(only13, client().versions(ProtocolVersion.TLSv12));
        try {
            f.pump();
        } catch (IOException expected) {
            // protocol_version alert
        }
        assertThat(f.session()).isNull();
        assertThat(f.downstream.event(TlsHandshakeFailedEvent.class).reason()).contains("protocol_version");
        f.finish();
    }

    @Test
    void applicationDataFlowsBothWaysIncludingOneMebibyteOverManyRecords() throws Exception {
        Fixture f = new Fixture(client().versions(ProtocolVersion.TLSv13));
        f.pump();
        byte[] big = new byte[1 << 20];
        new Random(7).nextBytes(big);

        // client -> server: BC splits into 16 KiB records
        f.client.protocol.writeApplicationData(big, 0, big.length);
        f.pump();
        assertThat(f.downstream.plaintext.toByteArray()).isEqualTo(big);
        assertThat(f.downstream.attributeSetBeforeFirstPlaintext).isTrue();

        // server -> client, one write + flush
        ChannelFuture written = f.channel.writeAndFlush(Unpooled.wrappedBuffer(big));
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        ByteBuf ct;
        int records = 0;
        while ((ct = f.channel.readOutbound()) != null) {
            records += countRecords(ct);
            f.client.offer(ct);
            received.writeBytes(f.client.readPlaintext());
        }
        assertThat(received.toByteArray()).isEqualTo(big);
        assertThat(records).isEqualTo(64); // 1 MiB / 16 KiB: records are full
        assertThat(written.isSuccess()).isTrue();
        f.finish();
    }

    /** A BouncyCastle upgrade that renames the queues idle connections give back must fail here, not go unnoticed. */
    @Test
    void everyBouncyCastleQueueCanBeCompacted() {
        assertThat(CompactingTlsServerProtocol.compactsAllQueues()).isTrue();
    }

    /** The input and staging arrays are one per thread (EventLoopScratch): interleaved connections must not mix. */
    @Test
    void connectionsOnOneThreadShareTheScratchArraysWithoutMixingTheirData() throws Exception {
        Fixture a = new Fixture(client().versions(ProtocolVersion.TLSv13));
        Fixture b = new Fixture(client().versions(ProtocolVersion.TLSv12));
        a.pump();
        b.pump();
        byte[] forA = new byte[200_000], forB = new byte[200_000];
        new Random(1).nextBytes(forA);
        new Random(2).nextBytes(forB);

        a.client.protocol.writeApplicationData(forA, 0, forA.length);
        b.client.protocol.writeApplicationData(forB, 0, forB.length);
        ByteBuf toA = a.client.takeOutput(), toB = b.client.takeOutput();
        while (toA.isReadable() || toB.isReadable()) { // direct chunks: the copy-through-scratch path
            a.channel.writeInbound(Unpooled.directBuffer().writeBytes(toA, Math.min(toA.readableBytes(), 40_000)));
            b.channel.writeInbound(Unpooled.directBuffer().writeBytes(toB, Math.min(toB.readableBytes(), 40_000)));
        }
        toA.release();
        toB.release();
        assertThat(a.downstream.plaintext.toByteArray()).isEqualTo(forA);
        assertThat(b.downstream.plaintext.toByteArray()).isEqualTo(forB);

        for (int i = 0; i < forA.length; i += 1_000) { // many small writes each, flushed alternately
            a.channel.write(Unpooled.wrappedBuffer(forA, i, 1_000));
            b.channel.write(Unpooled.wrappedBuffer(forB, i, 1_000));
            if (i % 50_000 == 0) {
                a.channel.flush();
                b.channel.flush();
            }
        }
        a.channel.flush();
        b.channel.flush();
        assertThat(drainToClient(a)).isEqualTo(forA);
        assertThat(drainToClient(b)).isEqualTo(forB);
        a.finish();
        b.finish();
    }

    private static byte[] drainToClient(Fixture f) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        ByteBuf ct;
        while ((ct = f.channel.readOutbound()) != null) {
            f.client.offer(ct);
            received.writeBytes(f.client.readPlaintext());
        }
        return received.toByteArray();
    }

    @Test
    void smallWritesAreCoalescedIntoOneRecordUntilFlush() throws Exception {
        Fixture f = new Fixture(client().versions(ProtocolVersion.TLSv13));
        f.pump();
        List<ChannelFuture> futures = new ArrayList<>();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            byte[] packet = ("PUBLISH " + i + ";").getBytes(StandardCharsets.US_ASCII);
            expected.writeBytes(packet);
            futures.add(f.channel.write(Unpooled.wrappedBuffer(packet)));
        }
        assertThat(f.channel.outboundMessages()).isEmpty(); // nothing before flush
        assertThat(futures).noneMatch(ChannelFuture::isDone);
        f.channel.flush();
        assertThat(f.channel.outboundMessages()).hasSize(1);
        ByteBuf ct = f.channel.readOutbound();
        assertThat(countRecords(ct)).isEqualTo(1);
        f.client.offer(ct);
        assertThat(f.client.readPlaintext()).isEqualTo(expected.toByteArray());
        assertThat(futures).allMatch(ChannelFuture::isSuccess);
        f.finish();
    }

    @Test
    void writesBeforeTheHandshakeAreSentOnceItCompletes() throws Exception {
        Fixture f = new Fixture(client().versions(ProtocolVersion.TLSv13));
        ChannelFuture early = f.channel.writeAndFlush(Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII));
        assertThat(early.isDone()).isFalse();
        f.pump();
        assertThat(early.isSuccess()).isTrue();
        assertThat(new String(f.client.readPlaintext(), StandardCharsets.US_ASCII)).isEqualTo("hello");
        f.finish();
    }

    @Test
    void garbageInputClosesTheChannelAndFiresAFailureEvent() throws Exception {
        Fixture f = new Fixture(settings, null);
        f.channel.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: x\r\n\r\n", StandardCharsets.US_ASCII));
        f.channel.runPendingTasks();
        assertThat(f.channel.isOpen()).isFalse();
        TlsHandshakeFailedEvent failure = f.downstream.event(TlsHandshakeFailedEvent.class);
        assertThat(failure).isNotNull();
        assertThat(f.session()).isNull();
        assertThat(f.downstream.plaintext.size()).isZero();
        f.finish();
    }

    @Test
    void handshakeTimesOutWhenTheClientSaysNothing() throws Exception {
        TlsServerSettings quick = TlsServerSettings.builder().certificate(pki.serverCertificate())
                .privateKey(pki.serverPrivateKey()).handshakeTimeout(Duration.ofMillis(100)).load();
        Fixture f = new Fixture(quick, null);
        Thread.sleep(200);
        f.channel.runScheduledPendingTasks();
        assertThat(f.channel.isOpen()).isFalse();
        assertThat(f.downstream.event(TlsHandshakeFailedEvent.class).reason()).contains("timed out");
        f.finish();
    }

    @Test
    void closeSendsCloseNotifyAfterPendingData() throws Exception {
        Fixture f = new Fixture(client().versions(ProtocolVersion.TLSv13));
        f.pump();
        f.channel.write(Unpooled.copiedBuffer("bye", StandardCharsets.US_ASCII));
        f.channel.close();
        ByteBuf ct;
        while ((ct = f.channel.readOutbound()) != null) {
            f.client.offer(ct);
        }
        assertThat(new String(f.client.readPlaintext(), StandardCharsets.US_ASCII)).isEqualTo("bye");
        assertThat(f.client.protocol.isClosed()).isTrue(); // close_notify arrived
        assertThat(f.channel.isOpen()).isFalse();
        f.finish();
    }

    @Test
    void clientCloseNotifyClosesTheChannel() throws Exception {
        Fixture f = new Fixture(client().versions(ProtocolVersion.TLSv12));
        f.pump();
        f.client.protocol.close();
        f.pump();
        assertThat(f.channel.isOpen()).isFalse();
        f.finish();
    }

    @Test
    void corruptedRecordAfterTheHandshakeClosesTheChannel() throws Exception {
        Fixture f = new Fixture(client().versions(ProtocolVersion.TLSv13));
        f.pump();
        f.client.protocol.writeApplicationData(new byte[100], 0, 100);
        ByteBuf ct = f.client.takeOutput();
        ct.setByte(ct.writerIndex() - 3, ct.getByte(ct.writerIndex() - 3) ^ 0x55); // break the tag
        f.channel.writeInbound(ct);
        assertThat(f.channel.isOpen()).isFalse();
        assertThat(f.downstream.plaintext.size()).isZero();
        f.finish();
    }

    @Test
    void pendingWritesAreReleasedAndFailedWhenTheChannelCloses() throws Exception {
        Fixture f = new Fixture(client().versions(ProtocolVersion.TLSv13));
        ByteBuf data = Unpooled.directBuffer(16).writeZero(16);
        ChannelFuture w = f.channel.write(data);
        f.channel.close();
        assertThat(w.isDone() && !w.isSuccess()).isTrue();
        assertThat(data.refCnt()).isZero();
        f.finish();
    }

    @Test
    void rsaServerKeyWorksOnTls13WithPssAndOnTls12WithEcdheRsa(@TempDir Path rsaDir) throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        java.security.KeyPair pair = g.generateKeyPair();
        Path cert = rsaDir.resolve("rsa.crt");
        Path key = rsaDir.resolve("rsa.key");
        SelfSigned.write(pair, cert);
        try (var w = java.nio.file.Files.newBufferedWriter(key);
             var pem = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(w)) {
            pem.writeObject(pair); // PKCS#1
        }
        TlsServerSettings rsa = TlsServerSettings.load(cert, key, List.of("TLSv1.3", "TLSv1.2"), false, false);
        for (ProtocolVersion v : List.of(ProtocolVersion.TLSv13, ProtocolVersion.TLSv12)) {
            Fixture f = new Fixture(rsa, BcTestClient.builder(cert).versions(v));
            f.pump();
            assertThat(f.session()).as(v.toString()).isNotNull();
            assertThat(f.session().cipherSuite()).isIn("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
            assertThat(f.session().exporter()).isEqualTo(f.client.exporter);
            f.finish();
        }
    }

    /** Counts TLS records (5-byte header + length) in a ciphertext buffer without consuming it. */
    static int countRecords(ByteBuf ct) {
        int count = 0;
        int i = ct.readerIndex();
        while (i + 5 <= ct.writerIndex()) {
            i += 5 + ct.getUnsignedShort(i + 3);
            count++;
        }
        assertThat(i).isEqualTo(ct.writerIndex());
        return count;
    }
}

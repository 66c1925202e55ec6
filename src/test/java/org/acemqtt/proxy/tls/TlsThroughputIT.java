package org.acemqtt.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.file.Path;
import java.util.List;
import org.acemqtt.proxy.tls.BcTlsServerHandlerTest.Fixture;
import org.acemqtt.proxy.testsupport.NettyLeakGuard;
import org.acemqtt.proxy.testsupport.TestPki;
import org.bouncycastle.tls.ProtocolVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rough, single-threaded numbers for PERF.md: server CPU per TLS 1.3 handshake and bulk record throughput, measured
 * in memory (only the server handler's calls are timed; the BC client's work is not). Logs, never asserts on time.
 */
@ExtendWith(NettyLeakGuard.class)
class TlsThroughputIT {
    @TempDir
    Path dir;

    @Test
    void measureHandshakeCpuAndBulkThroughput() throws Exception {
        TestPki pki = TestPki.create(dir);
        TlsServerSettings settings = TlsServerSettings.load(pki.serverCertificate(), pki.serverPrivateKey(),
                List.of("TLSv1.3", "TLSv1.2"), true, true);
        BcTestClient.Builder client = BcTestClient.builder(pki.serverCertificate()).versions(ProtocolVersion.TLSv13);

        handshakes(settings, client, 50); // warm-up
        int n = 200;
        long serverNanos = handshakes(settings, client, n);
        System.out.printf("TLS perf: TLS 1.3 ECDHE P-256/ECDSA handshake, server CPU %.2f ms each (%d runs)%n",
                serverNanos / 1e6 / n, n);

        Fixture f = new Fixture(settings, client);
        f.pump();
        byte[] chunk = new byte[1 << 20];
        int mib = 64;
        bulk(f, chunk, 8); // warm-up
        long[] t = bulk(f, chunk, mib);
        System.out.printf("TLS perf: %s records, server decrypt %.0f MB/s (JCA AES-GCM), server encrypt %.0f MB/s"
                        + " (JCA AES-GCM), BC client decrypt %.0f MB/s (pure-BC GCM)%n", f.session().cipherSuite(),
                mib * 1.048576 / (t[0] / 1e9), mib * 1.048576 / (t[1] / 1e9), mib * 1.048576 / (t[2] / 1e9));
        f.finish();
    }

    private static long handshakes(TlsServerSettings settings, BcTestClient.Builder client, int count)
            throws Exception {
        long server = 0;
        for (int i = 0; i < count; i++) {
            Fixture f = new Fixture(settings, client);
            for (int round = 0; round < 20 && f.session() == null; round++) {
                ByteBuf toServer = f.client.takeOutput();
                if (toServer == null) {
                    break;
                }
                long start = System.nanoTime();
                f.channel.writeInbound(toServer);
                ByteBuf toClient = f.channel.readOutbound();
                server += System.nanoTime() - start;
                while (toClient != null) {
                    f.client.offer(toClient);
                    toClient = f.channel.readOutbound();
                }
            }
            assertThat(f.session()).isNotNull();
            f.finish();
        }
        return server;
    }

    /** @return {server decrypt ns, server encrypt ns, client decrypt ns} for {@code mib} MiB each way */
    private static long[] bulk(Fixture f, byte[] chunk, int mib) throws Exception {
        long decrypt = 0;
        for (int i = 0; i < mib; i++) {
            f.client.protocol.writeApplicationData(chunk, 0, chunk.length);
            ByteBuf ct = f.client.takeOutput();
            long start = System.nanoTime();
            f.channel.writeInbound(ct);
            decrypt += System.nanoTime() - start;
        }
        long encrypt = 0;
        long clientDecrypt = 0;
        for (int i = 0; i < mib; i++) {
            long start = System.nanoTime();
            f.channel.writeAndFlush(Unpooled.wrappedBuffer(chunk));
            encrypt += System.nanoTime() - start;
            ByteBuf ct;
            while ((ct = f.channel.readOutbound()) != null) {
                long c = System.nanoTime();
                f.client.offer(ct);
                f.client.readPlaintext();
                clientDecrypt += System.nanoTime() - c;
            }
        }
        assertThat(f.downstream.plaintext.size()).isPositive();
        f.downstream.plaintext.reset();
        return new long[] {decrypt, encrypt, clientDecrypt};
    }
}

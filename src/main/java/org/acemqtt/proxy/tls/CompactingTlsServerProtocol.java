package org.acemqtt.proxy.tls;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.bouncycastle.tls.ByteQueue;
import org.bouncycastle.tls.ByteQueueInputStream;
import org.bouncycastle.tls.TlsProtocol;
import org.bouncycastle.tls.TlsServerProtocol;

/**
 * BC's non-blocking server protocol with one addition: its three byte queues (ciphertext in, plaintext in, ciphertext
 * out) can be given back when they are empty. BC grows each to the largest burst it has seen and never shrinks it,
 * so an idle connection would keep ~3 KiB after the handshake and up to 64 KiB after a burst (issue 7: memory per
 * idle connection). The output queue is reachable through BC's protected API; the other two are private, so they are
 * reached through VarHandles resolved once, and skipped (with {@link #compactsAllQueues()} false, which a test
 * checks) if a BC release renames them.
 */
final class CompactingTlsServerProtocol extends TlsServerProtocol {
    private static final System.Logger LOG = System.getLogger(CompactingTlsServerProtocol.class.getName());
    private static final VarHandle APPLICATION_DATA = field(TlsProtocol.class, "applicationDataQueue");
    private static final VarHandle INPUT_QUEUE = field(ByteQueueInputStream.class, "buffer");

    private static VarHandle field(Class<?> owner, String name) {
        try {
            return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).findVarHandle(owner, name, ByteQueue.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "BouncyCastle's " + owner.getSimpleName() + "." + name
                    + " not found; idle TLS connections keep that buffer: " + e);
            return null;
        }
    }

    static boolean compactsAllQueues() {
        return APPLICATION_DATA != null && INPUT_QUEUE != null;
    }

    /** Drops the arrays of the empty inbound queues (ciphertext and plaintext); each regrows to what records need. */
    void compactInput() {
        if (INPUT_QUEUE != null) {
            shrinkIfEmpty((ByteQueue) INPUT_QUEUE.get(inputBuffers));
        }
        if (APPLICATION_DATA != null) {
            shrinkIfEmpty((ByteQueue) APPLICATION_DATA.get(this));
        }
    }

    /** Drops the outbound queue's array if it has all been read out. */
    void compactOutput() {
        shrinkIfEmpty(outputBuffer.getBuffer());
    }

    private static void shrinkIfEmpty(ByteQueue queue) {
        if (queue != null && queue.available() == 0) {
            queue.shrink();
        }
    }
}

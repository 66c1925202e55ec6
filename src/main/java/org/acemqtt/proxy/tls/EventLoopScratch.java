package org.acemqtt.proxy.tls;

import io.netty.util.concurrent.FastThreadLocal;

/**
 * Per-thread byte arrays for copying data into and out of BouncyCastle, which takes {@code byte[]} only. Each use
 * is synchronous (BC copies what it is offered before returning, and plaintext is handed to BC before the call that
 * staged it returns), so one array per event loop serves every connection on it: an idle connection pins none
 * (issue 7: ≤ 8 KiB per idle connection; a 32 KiB input and a 16 KiB staging array each made that impossible).
 */
final class EventLoopScratch {
    /** Ciphertext is offered to BC in chunks of at most this size: two full records (RFC 8446 §5.2). */
    static final int INPUT_CHUNK = 2 * RecordCoalescer.MAX_PLAINTEXT;

    private static final FastThreadLocal<byte[]> INPUT = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[INPUT_CHUNK];
        }
    };
    private static final FastThreadLocal<byte[]> PLAINTEXT = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[RecordCoalescer.MAX_PLAINTEXT];
        }
    };

    private EventLoopScratch() {
    }

    /** {@link #INPUT_CHUNK} bytes for ciphertext on its way into BC. */
    static byte[] input() {
        return INPUT.get();
    }

    /** One record's worth of plaintext being packed before BC encrypts it. */
    static byte[] plaintext() {
        return PLAINTEXT.get();
    }
}

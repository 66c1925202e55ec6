package org.acemqtt.proxy.token.cose;

import java.nio.charset.StandardCharsets;
import org.acemqtt.proxy.token.cbor.CborBytes;
import org.acemqtt.proxy.token.cbor.CborWriter;

/**
 * Streams the Sig_structure, MAC_structure or Enc_structure (RFC 9052 §4.4, §6.3, §5.3) into a digest, MAC or
 * AEAD without building it in memory: {@code [context, body_protected, external_aad, (payload)]}.
 */
final class ToBeProcessed {
    /** Where the structure's bytes go: {@code Signer::update}, {@code Mac::update}, {@code processAADBytes}. */
    @FunctionalInterface
    interface Sink {
        void update(byte[] bytes, int offset, int length);
    }

    private ToBeProcessed() {
    }

    static void feed(Sink sink, CoseType type, CborBytes protectedBytes, byte[] externalAad, CborBytes payload) {
        byte[] head = new byte[9];
        byte[] context = type.context().getBytes(StandardCharsets.US_ASCII);
        int n = CborWriter.encodeHead(4, payload == null ? 3 : 4, head, 0);
        sink.update(head, 0, n);
        n = CborWriter.encodeHead(3, context.length, head, 0);
        sink.update(head, 0, n);
        sink.update(context, 0, context.length);
        bstr(sink, head, protectedBytes.source(), protectedBytes.offset(), protectedBytes.length());
        bstr(sink, head, externalAad, 0, externalAad.length);
        if (payload != null) {
            bstr(sink, head, payload.source(), payload.offset(), payload.length());
        }
    }

    private static void bstr(Sink sink, byte[] head, byte[] src, int off, int len) {
        int n = CborWriter.encodeHead(2, len, head, 0);
        sink.update(head, 0, n);
        if (len > 0) {
            sink.update(src, off, len);
        }
    }
}

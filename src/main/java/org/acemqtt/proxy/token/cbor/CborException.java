package org.acemqtt.proxy.token.cbor;

/**
 * Input that is not CBOR this project accepts: truncated, trailing bytes, too deep, too large, indefinite length,
 * duplicate map key, invalid UTF-8, unsupported simple value or integer out of range. Carries no stack trace: it is
 * an expected outcome for hostile input, not a bug.
 */
public final class CborException extends Exception {
    private final int offset;

    public CborException(String message, int offset) {
        super(message + " at offset " + offset, null, false, false);
        this.offset = offset;
    }

    /** Byte offset in the input where the problem was detected. */
    public int offset() {
        return offset;
    }
}

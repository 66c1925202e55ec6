package org.acemqtt.proxy.token;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code scope} claim (CWT key 9) as received, before AIF-MQTT parsing (RFC 9431 §2.3, RFC 9237):
 * a byte string wrapping CBOR AIF ({@link Kind#BSTR_CBOR}: {@code bytes} is the bstr content), a CBOR array
 * inside the claims set ({@link Kind#CBOR_ARRAY}: {@code bytes} is the array's encoding) or a text string
 * ({@link Kind#TEXT}: {@code bytes} is UTF-8, e.g. a JSON AIF text or space-separated scopes).
 */
public final class ScopeClaim {
    /** How the scope was encoded in the token. */
    public enum Kind { BSTR_CBOR, CBOR_ARRAY, TEXT }

    private final Kind kind;
    private final byte[] bytes;

    public ScopeClaim(Kind kind, byte[] bytes) {
        this.kind = kind;
        this.bytes = bytes.clone();
    }

    public Kind kind() {
        return kind;
    }

    /** A copy of the scope bytes (see the class comment for what they are per kind). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The scope as text; only for {@link Kind#TEXT}. */
    public String text() {
        if (kind != Kind.TEXT) {
            throw new IllegalStateException("scope is " + kind + ", not text");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScopeClaim s && s.kind == kind && Arrays.equals(s.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "ScopeClaim[" + kind + ", " + bytes.length + " bytes]";
    }
}

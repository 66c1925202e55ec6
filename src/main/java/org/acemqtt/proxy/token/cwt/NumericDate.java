package org.acemqtt.proxy.token.cwt;

import java.time.Instant;
import org.acemqtt.proxy.token.TokenDenyReason;
import org.acemqtt.proxy.token.TokenRefusedException;
import org.acemqtt.proxy.token.cbor.CborFloat;
import org.acemqtt.proxy.token.cbor.CborInt;
import org.acemqtt.proxy.token.cbor.CborItem;

/** RFC 8392 §2 NumericDate: an integer or floating-point count of seconds since the epoch (RFC 8392 A.7). */
final class NumericDate {
    /** Year 10000: anything later is not a date a token should carry. */
    private static final long MAX_SECONDS = 253_402_300_800L;

    private NumericDate() {
    }

    static Instant parse(CborItem item, String claim) throws TokenRefusedException {
        if (item == null) {
            return null;
        }
        if (item instanceof CborInt i && Math.abs(i.value()) <= MAX_SECONDS) {
            return Instant.ofEpochSecond(i.value());
        }
        if (item instanceof CborFloat f && Double.isFinite(f.value()) && Math.abs(f.value()) <= MAX_SECONDS) {
            double seconds = Math.floor(f.value());
            long nanos = Math.round((f.value() - seconds) * 1e9);
            return Instant.ofEpochSecond((long) seconds, nanos);
        }
        throw new TokenRefusedException(TokenDenyReason.MALFORMED_CLAIMS, claim + " is not a NumericDate");
    }
}

package org.acemqtt.proxy.token;

/**
 * Knows the client nonces this proxy handed out in AS Request Creation Hints (RFC 9200 §5.3.1). When one is
 * configured, every token must carry a {@code cnonce} claim that this validator accepts as issued and fresh.
 * Must be thread-safe.
 */
@FunctionalInterface
public interface CnonceValidator {
    boolean isFresh(byte[] cnonce);
}

package org.acemqtt.proxy.scope;

/**
 * The scope of a token is not a valid AIF-MQTT value (RFC 9431 §2.3). RFC 9200 §5.10.1.1: a token whose scope is not
 * understood is discarded. The message names the problem and, where there is one, the 0-based entry index, e.g.
 * {@code entry 2: topic filter '#/a': '#' must be the last level}.
 */
public final class ScopeFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public ScopeFormatException(String message) {
        super(message);
    }

    public ScopeFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.acemqtt.proxy.tls;

/**
 * A listener's TLS settings could not be loaded. The message starts with the config key it is about
 * ({@code certificate: file not found: certs/server.crt}); the config validator prefixes the JSON path.
 */
public final class TlsSettingsException extends Exception {
    public TlsSettingsException(String message) {
        super(message);
    }

    public TlsSettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}

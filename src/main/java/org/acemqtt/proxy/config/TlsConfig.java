package org.acemqtt.proxy.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A listener's TLS settings. {@code psk} and {@code rawPublicKeys} enable the RFC 9431 §2.2.3.1/§2.2.3.2
 * client authentication modes; both default to true (CONTRACT.md).
 */
public record TlsConfig(
        Path certificate,
        Path privateKey,
        List<String> protocols,
        boolean psk,
        boolean rawPublicKeys,
        Duration handshakeTimeout) {

    public TlsConfig {
        protocols = List.copyOf(protocols);
    }
}

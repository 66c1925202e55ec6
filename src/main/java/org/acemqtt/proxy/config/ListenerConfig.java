package org.acemqtt.proxy.config;

import java.util.Optional;

/** One accepting socket. {@code tls} is empty only for a listener explicitly marked {@code "insecure": true}. */
public record ListenerConfig(String name, String host, int port, Optional<TlsConfig> tls) {
}

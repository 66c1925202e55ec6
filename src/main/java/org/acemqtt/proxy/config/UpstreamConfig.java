package org.acemqtt.proxy.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The broker the proxy forwards to. {@code username}/{@code password} are what the proxy presents upstream;
 * the client's own credentials and ACE authentication data are never forwarded.
 */
public record UpstreamConfig(
        String host,
        int port,
        Optional<String> username,
        Optional<byte[]> password,
        Optional<UpstreamTls> tls,
        Duration connectTimeout) {

    /** TLS on the proxy's own client leg (netty-tcnative / BoringSSL). */
    public record UpstreamTls(Optional<Path> trustStore, Optional<String> serverName) {
    }

    @Override
    public String toString() {
        // Never print the upstream password.
        return "UpstreamConfig[" + host + ":" + port + ", username=" + username.orElse("-") + ", tls=" + tls.isPresent() + "]";
    }
}

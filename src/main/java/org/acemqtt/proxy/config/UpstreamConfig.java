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
        Duration connectTimeout,
        ClientIdPolicy clientIdPolicy) {

    /**
     * How the client's identifier is presented upstream. {@code PASSTHROUGH}: unchanged (RFC 9431 §2.2.4.1: the
     * identifier is not bound to the token). {@code BIND_TO_KEY}: derived from the PoP key and the client's identifier,
     * so that the holder of one key can never resume, take over or read the session of another key's holder.
     */
    public enum ClientIdPolicy { PASSTHROUGH, BIND_TO_KEY }

    /** TLS on the proxy's own client leg (netty-tcnative / BoringSSL). */
    public record UpstreamTls(Optional<Path> trustStore, Optional<String> serverName) {
    }

    @Override
    public String toString() {
        // Never print the upstream password.
        return "UpstreamConfig[" + host + ":" + port + ", username=" + username.orElse("-") + ", tls=" + tls.isPresent() + "]";
    }
}

package org.acemqtt.proxy.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The whole validated configuration (CONTRACT.md "config.json"), immutable. Every path is already resolved
 * against the folder of the config file. Built only by {@link ConfigLoader}, which refuses broken files.
 */
public record ProxyConfig(
        Path source,
        List<ListenerConfig> listeners,
        UpstreamConfig upstream,
        AceConfig ace,
        AdminConfig admin,
        LimitsConfig limits,
        LoggingConfig logging) {

    public ProxyConfig {
        listeners = List.copyOf(listeners);
    }
}

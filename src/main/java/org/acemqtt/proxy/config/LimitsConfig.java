package org.acemqtt.proxy.config;

import java.time.Duration;

/**
 * Resource bounds. {@code maxPacketSize} is enforced by the decoder before a packet is buffered;
 * {@code connectTimeout} closes a client that has not completed CONNECT (vertx-mqtt's 90 s is far too long for
 * an internet-facing listener); {@code maxUnauthenticatedConnections} caps sockets that have not authenticated yet;
 * {@code maxSessionExpirySeconds} caps the MQTT v5 Session Expiry Interval (RFC 9431 R-32; -1: no cap).
 */
public record LimitsConfig(
        int maxPacketSize,
        Duration connectTimeout,
        int maxUnauthenticatedConnections,
        int topicAliasMaximum,
        Duration drainTimeout,
        long maxSessionExpirySeconds) {
}

package org.acemqtt.proxy.config;

/** The admin HTTP server: /metrics, /health/live, /health/ready. */
public record AdminConfig(String host, int port) {
}

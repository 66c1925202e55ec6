package org.acemqtt.proxy.relay;

/** Names of every pipeline stage, in pipeline order (HiveMQ's ChannelHandlerNames). */
final class PipelineNames {
    static final String TRAFFIC = "traffic-counter";
    static final String TLS = "ace-tls";
    static final String UPSTREAM_TLS = "upstream-tls";
    static final String MQTT_DECODER = "mqtt-decoder";
    static final String MQTT_ENCODER = "mqtt-encoder";
    static final String PUBLISH_ENCODER = "mqtt-publish-encoder";
    static final String RELAY = "relay";

    /**
     * MQTT v5 allows client identifiers up to the string limit; Netty's default of 23 is the v3.1 minimum a server
     * must accept, which would refuse UUID-style identifiers.
     */
    static final int MAX_CLIENT_ID_LENGTH = 65535;

    private PipelineNames() {
    }
}

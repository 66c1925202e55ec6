package org.acemqtt.proxy.relay;

/**
 * Why a relayed connection ended: the metric tag of {@code ace_proxy_disconnects_total} (CONTRACT.md) and the
 * MQTT v5 DISCONNECT reason code the proxy sends the client when it is the one ending the connection.
 */
public enum DisconnectCause {
    CLIENT("client", 0x00),
    CLIENT_CONNECTION_LOST("client_connection_lost", 0x00),
    NOT_AUTHORIZED("not_authorized", 0x87),
    PAYLOAD_FORMAT_INVALID("payload_format_invalid", 0x99),
    QUOTA_EXCEEDED("quota_exceeded", 0x97),
    TOKEN_EXPIRED("token_expired", 0x87),
    /** Listed in the Token Revocation List, or re-introspection no longer vouches for the reference token. */
    TOKEN_REVOKED("token_revoked", 0x87),
    PROTOCOL_ERROR("protocol_error", 0x82),
    MALFORMED_PACKET("malformed_packet", 0x81),
    PACKET_TOO_LARGE("packet_too_large", 0x95),
    TOPIC_ALIAS_INVALID("topic_alias_invalid", 0x94),
    TOPIC_NAME_INVALID("topic_name_invalid", 0x90),
    CONNECT_TIMEOUT("connect_timeout", 0x8D),
    CONNECT_REFUSED("connect_refused", 0x87),
    TLS_HANDSHAKE_FAILED("tls_handshake_failed", 0x00),
    UPSTREAM_UNAVAILABLE("upstream_unavailable", 0x88),
    UPSTREAM_CLOSED("upstream_closed", 0x80),
    UPSTREAM_DISCONNECT("upstream_disconnect", 0x00),
    UPSTREAM_REFUSED("upstream_refused", 0x88),
    UPSTREAM_PROTOCOL_ERROR("upstream_protocol_error", 0x80),
    TOO_MANY_CONNECTIONS("too_many_connections", 0x97),
    SHUTDOWN("shutdown", 0x8B),
    SESSION_TAKEN_OVER("session_taken_over", 0x8E),
    INTERNAL_ERROR("internal_error", 0x83);

    private final String metricTag;
    private final int v5ReasonCode;

    DisconnectCause(String metricTag, int v5ReasonCode) {
        this.metricTag = metricTag;
        this.v5ReasonCode = v5ReasonCode;
    }

    public String metricTag() {
        return metricTag;
    }

    public int v5ReasonCode() {
        return v5ReasonCode;
    }
}

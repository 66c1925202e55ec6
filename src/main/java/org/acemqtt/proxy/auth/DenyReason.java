package org.acemqtt.proxy.auth;

/**
 * Why the proxy refused something a client asked for: one table of the MQTT v5 reason code, the v3.1.1 CONNACK
 * return code, the metric tag and the log message (STYLE.md, after Hono's getMqtt5ConnackReasonCode). The v5 code of
 * the authorization rows is the configured "not authorized" code (0x87, or 0x80 per RFC 9431 §3.1 to avoid leaking
 * topic names); see {@link #v5Code(int)}.
 */
public enum DenyReason {
    /** RFC 9431 §2.4.1: no token and none stored, and no anonymous scope configured. */
    NO_TOKEN("no_token", 0x87, 0x05, true, "no access token presented and no anonymous scope configured"),
    /** RFC 9431 §2.2.4.2 / MQTT-4.12.0-1: Authentication Method other than "ace". */
    BAD_AUTHENTICATION_METHOD("bad_authentication_method", 0x8C, 0x04, false, "authentication method is not \"ace\""),
    /** RFC 9431 §2.2.5: the token did not verify (the token's own reason goes to metrics and logs). */
    TOKEN_INVALID("token_invalid", 0x87, 0x05, true, "access token not valid"),
    /** RFC 9431 §2.4.1: Authentication Data (or the v3.1.1 User Name) is not TokenLen|Token[|proof]. */
    MALFORMED_AUTHENTICATION_DATA("malformed_authentication_data", 0x87, 0x05, true, "authentication data malformed"),
    /** RFC 9431 §2.2.5 / R-45: the MAC or signature does not verify with the token's PoP key. */
    PROOF_INVALID("proof_invalid", 0x87, 0x05, true, "proof of possession failed"),
    /** The exporter PoP needs TLS: a plain listener has no exporter value to sign. */
    NO_TLS_EXPORTER("no_tls_exporter", 0x87, 0x05, true, "TLS-exporter proof on a connection without TLS"),
    /** RFC 9431 §2.2.4.2.2 / R-25: anything but AUTH/DISCONNECT, or nothing in time, during the challenge. */
    CHALLENGE_FAILED("challenge_failed", 0x87, 0x05, true, "challenge/response not completed"),
    /** Credentials that are not an ACE token (RFC 9431 §6: User Name must be "ace" + base64url(token)). */
    NOT_AN_ACE_CREDENTIAL("not_an_ace_credential", 0x87, 0x05, true, "credentials are not an ACE token"),
    /** RFC 9431 §2.2.4.1 / §2.4.1: Will Topic outside the scope. */
    WILL_NOT_IN_SCOPE("will_not_in_scope", 0x87, 0x05, true, "Will topic not covered by the scope"),
    /** RFC 9431 §3.1: PUBLISH topic outside the scope. */
    PUBLISH_NOT_IN_SCOPE("not_in_scope", 0x87, 0x05, true, "PUBLISH topic not covered by the scope"),
    /** RFC 9431 §3.3: SUBSCRIBE filter not a subset of a "sub" filter. */
    SUBSCRIBE_NOT_IN_SCOPE("not_in_scope", 0x87, 0x05, true, "SUBSCRIBE filter not covered by the scope"),
    /** RFC 9431 §3.2: the broker delivered a message the receiver's scope does not cover. */
    DELIVERY_NOT_IN_SCOPE("not_in_scope", 0x87, 0x05, true, "delivery not covered by the receiver's scope"),
    /** RFC 9431 §2.2.2 / RFC 9200 §5.10.1.2: nobody may subscribe to authz-info. */
    AUTHZ_INFO_SUBSCRIBE("authz_info_subscribe", 0x87, 0x05, true, "authz-info is publish-only"),
    /** MQTT v5 §3.1.2.2 / RFC 9431 §6: protocol level other than 4 or 5. */
    UNSUPPORTED_PROTOCOL_VERSION("unsupported_protocol_version", 0x84, 0x01, false, "unsupported MQTT protocol version"),
    /** MQTT v5 §3.1.3.1: client identifier the proxy will not forward. */
    CLIENT_IDENTIFIER_NOT_VALID("client_identifier_not_valid", 0x85, 0x02, false, "client identifier not valid");

    private final String metricTag;
    private final int v5Code;
    private final int v3ConnackCode;
    private final boolean authorization;
    private final String message;

    DenyReason(String metricTag, int v5Code, int v3ConnackCode, boolean authorization, String message) {
        this.metricTag = metricTag;
        this.v5Code = v5Code;
        this.v3ConnackCode = v3ConnackCode;
        this.authorization = authorization;
        this.message = message;
    }

    public String metricTag() {
        return metricTag;
    }

    /** The v5 reason code; authorization denials use the configured not-authorized code (0x87 or 0x80). */
    public int v5Code(int notAuthorizedCode) {
        return authorization ? notAuthorizedCode : v5Code;
    }

    /** The v3.1.1 CONNACK return code (MQTT 3.1.1 §3.2.2.3). */
    public int v3ConnackCode() {
        return v3ConnackCode;
    }

    public String message() {
        return message;
    }
}

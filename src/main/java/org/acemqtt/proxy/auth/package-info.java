/**
 * Client authentication of RFC 9431 §2.2: turning the token and proof a client presents (MQTT v5 CONNECT with
 * Authentication Method "ace", §2.2.4; MQTT v3.1.1 User Name/Password, §6; a TLS-PSK or raw-public-key handshake
 * bound to a token from {@code authz-info}, §2.2.2/§2.2.3) into a {@link org.acemqtt.proxy.relay.Grant}, or into a
 * precise refusal; and re-authentication (§4).
 */
package org.acemqtt.proxy.auth;

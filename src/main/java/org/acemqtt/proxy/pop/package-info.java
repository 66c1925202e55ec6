/**
 * Proof of possession of the key bound to an access token (RFC 9431 §2.2.4.2): the MAC or signature over the TLS
 * exporter value (§2.2.4.2.1) or over the broker's and the client's nonces (§2.2.4.2.2), and the byte layouts of the
 * Authentication Data that carries them (RFC 9431 Figures 4-7). HS256 and Ed25519 are mandatory to implement
 * (§2.2.5); ES256 is accepted for EC2 P-256 keys.
 */
package org.acemqtt.proxy.pop;

/**
 * Access tokens: {@link org.acemqtt.proxy.token.TokenVerifier} turns the bytes a client presents into a verified
 * {@link org.acemqtt.proxy.token.AccessToken} or a {@link org.acemqtt.proxy.token.TokenDenyReason}.
 * Implements RFC 9431 §2.2.5 (token validation; "none" refused; HS256 and Ed25519 supported), RFC 9200 §5.10.1.1
 * (protection first, then iss, exp, aud, scope, in that order), §5.10.3 ({@code exi}), §5.3.1 ({@code cnonce}),
 * RFC 8392 (CWT), RFC 9052/9053 (COSE) and RFC 8747 ({@code cnf}); RFC 9431 §2.1 (symmetric PoP keys must be
 * encrypted). Subpackages: {@code cbor} (strict reader), {@code cose}, {@code cwt}, {@code keys}, {@code store}.
 */
package org.acemqtt.proxy.token;

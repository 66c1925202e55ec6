/**
 * The token store of RFC 9200 §5.10.1 (tokens uploaded to {@code authz-info}, RFC 9431 §2.2.2; one per PoP key,
 * newer supersedes older), indexed for TLS-PSK identities by kid (RFC 9431 §2.2.3.2) and for raw public keys by
 * SPKI SHA-256 (§2.2.3.1, RFC 8747 {@code cnf}). Tokens verified per RFC 8392 / RFC 9052 / RFC 9200 §5.10.1.1.
 */
package org.acemqtt.proxy.token.store;

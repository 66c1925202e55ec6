/**
 * Keys of the trusted authorization servers (RFC 9200 §5.10.1.1: protection "produced by an AS entitled to issue
 * tokens for this RS"): JWK Sets (RFC 7517) and COSE_KeySets (RFC 9052 §7, RFC 9053 §7), immutable
 * {@link org.acemqtt.proxy.token.keys.IssuerRegistry} snapshots swapped through
 * {@link org.acemqtt.proxy.token.keys.KeyRing} for hot reload. Used by RFC 8392 / RFC 9431 §2.2.5 validation.
 */
package org.acemqtt.proxy.token.keys;

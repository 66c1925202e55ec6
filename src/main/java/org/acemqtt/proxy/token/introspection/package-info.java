/**
 * Reference tokens validated by introspection at the AS (RFC 7662; RFC 9200 §5.9 with the Table 6 CBOR
 * abbreviations, {@code application/ace+cbor}; JSON answers accepted; RFC 9431 §2.2.5, §2.4.2).
 * {@link org.acemqtt.proxy.token.introspection.IntrospectionClient} produces the same
 * {@link org.acemqtt.proxy.token.VerificationResult} as the self-contained path, refuses the token when the AS
 * cannot be reached (RFC 9200 §6.10), caches grants up to the token's expiry and collapses concurrent requests.
 */
package org.acemqtt.proxy.token.introspection;

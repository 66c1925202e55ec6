/**
 * AIF-MQTT scopes: parsing and topic authorization, pure logic (no I/O, no Netty, no Vert.x).
 *
 * <ul>
 *   <li>RFC 9431 §2.3: the scope is an AIF (RFC 9237 §2) array of {@code [topic_filter, permissions]} pairs,
 *       permissions being a non-empty array of {@code "pub"} / {@code "sub"}; a JWT carries it as base64url (no
 *       padding) of the JSON array, a CWT in CBOR; an empty array grants nothing.</li>
 *   <li>RFC 9431 §3.1 (PUBLISH, also the Will topic of §2.3), §3.2 (delivery to subscribers) and §3.3 (SUBSCRIBE):
 *       the topic name or filter must be an exact match to, or a subset of, a scope filter with the needed
 *       permission. The containment algorithm is the conservative, fail-closed one of SPEC.md §3.4.</li>
 *   <li>MQTT v5.0 §4.7 (topic names, filters, wildcards, the {@code $} rule [MQTT-4.7.2-1]) and §4.8.2 (shared
 *       subscriptions {@code $share/{ShareName}/{filter}}: only the inner filter is authorized, SPEC.md §2.P).</li>
 * </ul>
 *
 * <p>{@link org.acemqtt.proxy.scope.AifScope} is parsed once per grant and matched per packet; its match methods do
 * not allocate.
 */
package org.acemqtt.proxy.scope;

/**
 * CWT processing: RFC 8392 §7.2 (tag 61, nested CWTs), the claim checks of RFC 9200 §5.10.1.1 in order, the RFC
 * 9200 claims {@code ace_profile} (38), {@code cnonce} (39), {@code exi} (40), and {@code cnf} per RFC 8747 §3
 * (COSE_Key, Encrypted_COSE_Key, kid), with RFC 9431 §2.1 (symmetric PoP keys only encrypted) and §2.2.5.
 */
package org.acemqtt.proxy.token.cwt;

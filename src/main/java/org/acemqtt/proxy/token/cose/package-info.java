/**
 * A small COSE layer (RFC 9052 §3, §4.4, §5.3, §6.3; algorithms of RFC 9053: ES256/384/512, EdDSA Ed25519,
 * HMAC 256/64, 256/256, 384/384, 512/512, A128/192/256GCM, AES-CCM ids 10-13 and 30-33) over the strict CBOR
 * reader and the BouncyCastle lightweight API. Single-recipient structures only (COSE_Sign1, COSE_Mac0,
 * COSE_Encrypt0), as RFC 8392 CWTs use; {@code crit} handled per RFC 9052 §3.1. Used for RFC 9431 §2.2.5 token
 * validation and RFC 9200 §5.10.1.1 step 1.
 */
package org.acemqtt.proxy.token.cose;

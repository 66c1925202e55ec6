/**
 * A small strict CBOR (RFC 8949) reader and writer for access tokens: CWT (RFC 8392) inside COSE (RFC 9052/9053),
 * COSE_Key confirmation (RFC 8747) and the RFC 9200 encodings. Strict by design (RFC 9200 §5.10.1.1 requires the
 * RS to process the token's protection first, so everything before that runs on attacker-controlled bytes):
 * bounded depth and size, definite lengths only, no duplicate map keys, no trailing bytes, tags preserved.
 * Jackson's tree model is not used because it turns integer keys into strings and drops tags.
 */
package org.acemqtt.proxy.token.cbor;

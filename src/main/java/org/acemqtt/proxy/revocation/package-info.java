/**
 * Token revocation for self-contained tokens (draft-ietf-ace-revoked-token-notification): the Token Revocation List
 * (token hashes, SHA-256 over the token as the proxy received it) polled from the AS, kept in memory, consulted when a
 * token is verified and applied to live connections after every poll.
 */
package org.acemqtt.proxy.revocation;

/**
 * The listeners' TLS: a BouncyCastle low-level TLS server ({@code org.bouncycastle.tls.TlsServerProtocol} in
 * non-blocking mode) driven by a Netty handler, the certificates, PSK and raw-public-key hooks, and the TLS exporter
 * that the proof-of-possession code signs.
 *
 * <ul>
 *   <li>RFC 9431 §2.2.3 (TLS setup follows the DTLS profile applied to TLS), §2.2.3.1 (raw public keys),
 *       §2.2.3.2 (pre-shared keys), §2.2.4.2.1 (the exporter {@code EXPORTER-ACE-MQTT-Sign-Challenge}, empty context,
 *       32 bytes).</li>
 *   <li>RFC 9202 §3.2.2 / §3.3.2 (broker side of RPK and PSK mode).</li>
 *   <li>RFC 7250 (raw public keys: the client's SubjectPublicKeyInfo in the Certificate message).</li>
 *   <li>RFC 5705 (TLS 1.2 keying-material exporter; "no context" and "empty context" differ) and
 *       RFC 8446 §7.5 (TLS 1.3 exporter, where they are the same).</li>
 *   <li>RFC 7627 (extended_master_secret, mandatory for TLS 1.2 per RFC 9431 §2.2.3).</li>
 * </ul>
 *
 * <p>Per-connection objects ({@link org.acemqtt.proxy.tls.BcTlsServerHandler}, {@link org.acemqtt.proxy.tls.ProxyTlsServer})
 * are confined to their channel's event loop: no locks. {@link org.acemqtt.proxy.tls.TlsServerSettings} is immutable and
 * shared by every connection of a listener.
 */
package org.acemqtt.proxy.tls;

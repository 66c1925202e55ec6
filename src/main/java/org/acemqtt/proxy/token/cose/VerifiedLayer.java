package org.acemqtt.proxy.token.cose;

import org.acemqtt.proxy.token.cbor.CborBytes;
import org.acemqtt.proxy.token.keys.IssuerKey;
import org.acemqtt.proxy.token.keys.TrustedIssuer;

/** One COSE layer whose protection verified: which issuer and key, and the authenticated content. */
public record VerifiedLayer(CoseType type, CoseAlgorithm alg, TrustedIssuer issuer, IssuerKey key,
                            CborBytes content) {
}

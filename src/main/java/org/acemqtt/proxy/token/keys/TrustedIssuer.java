package org.acemqtt.proxy.token.keys;

import java.util.List;
import java.util.Objects;

/** An authorization server this proxy trusts: the {@code iss} it must use and the keys it protects tokens with. */
public record TrustedIssuer(String issuer, List<IssuerKey> keys) {
    public TrustedIssuer {
        Objects.requireNonNull(issuer, "issuer");
        keys = List.copyOf(keys);
    }
}

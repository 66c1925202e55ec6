package org.acemqtt.proxy.token.keys;

import java.util.List;

/** An immutable snapshot of every trusted issuer and its keys. Reloading builds a new one (see {@link KeyRing}). */
public final class IssuerRegistry {
    private final List<TrustedIssuer> issuers;

    public IssuerRegistry(List<TrustedIssuer> issuers) {
        this.issuers = List.copyOf(issuers);
    }

    public static IssuerRegistry of(TrustedIssuer... issuers) {
        return new IssuerRegistry(List.of(issuers));
    }

    public List<TrustedIssuer> issuers() {
        return issuers;
    }

    @Override
    public String toString() {
        return "IssuerRegistry" + issuers;
    }
}

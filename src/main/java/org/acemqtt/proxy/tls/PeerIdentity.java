package org.acemqtt.proxy.tls;

import java.util.Arrays;

/** How the TLS client authenticated itself, if at all. */
public sealed interface PeerIdentity {

    /** No TLS-level client authentication (server-certificate handshake). */
    PeerIdentity NONE = new None();

    static PeerIdentity psk(byte[] identity, Object binding) {
        return new Psk(identity, binding);
    }

    static PeerIdentity rawPublicKey(byte[] subjectPublicKeyInfo, Object binding) {
        return new RawPublicKey(subjectPublicKeyInfo, binding);
    }

    record None() implements PeerIdentity {
    }

    /** RFC 9431 §2.2.3.2: the PSK identity the client sent and what the resolver bound to it. */
    record Psk(byte[] identity, Object binding) implements PeerIdentity {
        public Psk {
            identity = identity.clone();
        }

        @Override
        public byte[] identity() {
            return identity.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Psk p && Arrays.equals(identity, p.identity) && java.util.Objects.equals(binding, p.binding);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(identity);
        }

        @Override
        public String toString() {
            return "Psk[identityLength=" + identity.length + "]";
        }
    }

    /** RFC 9431 §2.2.3.1: the client's raw public key (SubjectPublicKeyInfo DER) and what the verifier bound to it. */
    record RawPublicKey(byte[] subjectPublicKeyInfo, Object binding) implements PeerIdentity {
        public RawPublicKey {
            subjectPublicKeyInfo = subjectPublicKeyInfo.clone();
        }

        @Override
        public byte[] subjectPublicKeyInfo() {
            return subjectPublicKeyInfo.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RawPublicKey r && Arrays.equals(subjectPublicKeyInfo, r.subjectPublicKeyInfo)
                    && java.util.Objects.equals(binding, r.binding);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(subjectPublicKeyInfo);
        }

        @Override
        public String toString() {
            return "RawPublicKey[spkiLength=" + subjectPublicKeyInfo.length + "]";
        }
    }
}

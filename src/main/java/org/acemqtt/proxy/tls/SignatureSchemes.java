package org.acemqtt.proxy.tls;

import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsFatalAlert;

/** Picks the server's signature scheme from the client's signature_algorithms for our key. */
final class SignatureSchemes {
    private static final SignatureAndHashAlgorithm ECDSA_SHA256 =
            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);
    private static final SignatureAndHashAlgorithm ECDSA_SHA384 =
            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa);
    private static final SignatureAndHashAlgorithm ECDSA_SHA512 =
            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha512, SignatureAlgorithm.ecdsa);
    private static final List<SignatureAndHashAlgorithm> RSA_PSS = List.of(SignatureAndHashAlgorithm.rsa_pss_rsae_sha256,
            SignatureAndHashAlgorithm.rsa_pss_rsae_sha384, SignatureAndHashAlgorithm.rsa_pss_rsae_sha512);
    private static final List<SignatureAndHashAlgorithm> RSA_PKCS1 = List.of(
            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.rsa),
            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha384, SignatureAlgorithm.rsa),
            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha512, SignatureAlgorithm.rsa));

    private SignatureSchemes() {
    }

    static SignatureAndHashAlgorithm select(ServerKeyMaterial km, boolean tls13, Vector<?> offered) throws TlsFatalAlert {
        for (SignatureAndHashAlgorithm candidate : candidates(km, tls13)) {
            if (offered == null || offered.contains(candidate)) {
                return candidate;
            }
        }
        throw new TlsFatalAlert(AlertDescription.handshake_failure, "no common signature algorithm");
    }

    private static List<SignatureAndHashAlgorithm> candidates(ServerKeyMaterial km, boolean tls13) {
        if (km.keyType() == ServerKeyMaterial.KeyType.RSA) {
            if (tls13) {
                return RSA_PSS;
            }
            return List.of(RSA_PSS.get(0), RSA_PSS.get(1), RSA_PSS.get(2), RSA_PKCS1.get(0), RSA_PKCS1.get(1),
                    RSA_PKCS1.get(2));
        }
        SignatureAndHashAlgorithm curveBound = km.ecFieldBits() == 384 ? ECDSA_SHA384 : ECDSA_SHA256;
        // RFC 8446 §4.2.3: in TLS 1.3 the ECDSA schemes are bound to the curve.
        return tls13 ? List.of(curveBound) : List.of(curveBound, ECDSA_SHA256, ECDSA_SHA384, ECDSA_SHA512);
    }
}

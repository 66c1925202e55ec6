package org.acemqtt.proxy.tls;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.bouncycastle.tls.CipherSuite;

/** The AEAD-only suites the listeners offer (RFC 9431 §2.2.3 R-24, RFC 7525) and their IANA names. */
final class CipherSuites {
    private static final int[] TLS13 = {
        CipherSuite.TLS_AES_128_GCM_SHA256, CipherSuite.TLS_AES_256_GCM_SHA384, CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
    };
    private static final int[] ECDSA = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, // R-24 (RPK mode MTI)
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    };
    private static final int[] RSA = {
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    };
    private static final int[] PSK = {
        CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256, // R-24 (PSK mode MTI, RFC 8442)
        CipherSuite.TLS_ECDHE_PSK_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256, // what OpenSSL offers for ECDHE-PSK with an AEAD
    };
    private static final Map<Integer, String> NAMES = names();

    private CipherSuites() {
    }

    static int[] forServer(ServerKeyMaterial.KeyType keyType, boolean psk) {
        IntStream suites = IntStream.concat(IntStream.of(TLS13),
                IntStream.of(keyType == ServerKeyMaterial.KeyType.EC ? ECDSA : RSA));
        if (psk) {
            suites = IntStream.concat(suites, IntStream.of(PSK));
        }
        return suites.toArray();
    }

    static boolean isSha384(int cipherSuite) {
        return name(cipherSuite).endsWith("SHA384");
    }

    static String name(int cipherSuite) {
        return NAMES.getOrDefault(cipherSuite, String.format("0x%04X", cipherSuite));
    }

    private static Map<Integer, String> names() {
        Map<Integer, String> names = new HashMap<>();
        for (Field f : CipherSuite.class.getFields()) {
            if (f.getType() == int.class && Modifier.isStatic(f.getModifiers()) && f.getName().startsWith("TLS_")) {
                try {
                    names.putIfAbsent(f.getInt(null), f.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Map.copyOf(names);
    }
}

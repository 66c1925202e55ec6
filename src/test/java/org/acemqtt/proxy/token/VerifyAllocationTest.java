package org.acemqtt.proxy.token;

import static org.acemqtt.proxy.token.TokenVerifierRefusalTest.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.acemqtt.proxy.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

/** Logs (does not assert) bytes allocated and wall time per verification; not a benchmark (no JMH). */
class VerifyAllocationTest {
    @Test
    void allocationPerVerifyIsLogged() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<String, byte[]> tokens = new LinkedHashMap<>();
        tokens.put("ES256 Sign1", TestTokens.sign1(ES256).claims(valid()).build());
        tokens.put("EdDSA Sign1", TestTokens.sign1(ED).claims(valid()).build());
        tokens.put("HMAC 256/256 Mac0", TestTokens.mac0(HS).claims(valid()).build());
        tokens.put("A128GCM Encrypt0", TestTokens.encrypt0(GCM).claims(valid()).build());
        long tid = Thread.currentThread().getId();
        int n = 2000;
        for (var e : tokens.entrySet()) {
            for (int i = 0; i < n; i++) {
                assertThat(verify(e.getValue()).isSuccess()).isTrue();
            }
            long a0 = mx.getThreadAllocatedBytes(tid);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                verify(e.getValue());
            }
            long t1 = System.nanoTime();
            long a1 = mx.getThreadAllocatedBytes(tid);
            System.out.printf("verify %-18s %6d B allocated, %7.1f us per verify (%d B token)%n", e.getKey(),
                    (a1 - a0) / n, (t1 - t0) / 1e3 / n, e.getValue().length);
        }
    }
}

package org.acemqtt.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.junit.jupiter.api.Test;

/** The per-thread Cipher cache must stay correct when more directions take turns than it holds. */
class JcaAesGcmCipherTest {
    private record Direction(JcaAesGcmCipher enc, JcaAesGcmCipher dec) {
    }

    @Test
    void moreDirectionsThanTheCacheHoldsTakeTurnsAndEveryRecordRoundTrips() throws Exception {
        Random random = new Random(9);
        List<Direction> directions = new ArrayList<>();
        for (int i = 0; i < JcaAesGcmCipher.CACHED_PER_THREAD + 44; i++) {
            byte[] key = new byte[16];
            random.nextBytes(key);
            Direction d = new Direction(new JcaAesGcmCipher(true), new JcaAesGcmCipher(false));
            d.enc().setKey(key, 0, 16);
            d.dec().setKey(key, 0, 16);
            directions.add(d);
        }
        byte[] aad = {23, 3, 3, 0, 0};
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < directions.size(); i++) {
                Direction d = directions.get(i);
                byte[] nonce = new byte[12];
                nonce[0] = (byte) round;
                nonce[1] = (byte) i;
                byte[] plain = new byte[100 + i];
                random.nextBytes(plain);
                d.enc().init(nonce, 16);
                byte[] sealed = new byte[d.enc().getOutputSize(plain.length)];
                assertThat(d.enc().doFinal(aad, plain, 0, plain.length, sealed, 0)).isEqualTo(plain.length + 16);
                d.dec().init(nonce, 16);
                assertThat(d.dec().getOutputSize(sealed.length)).isEqualTo(plain.length);
                byte[] opened = new byte[plain.length];
                d.dec().doFinal(aad, sealed, 0, sealed.length, opened, 0);
                assertThat(opened).isEqualTo(plain);
            }
        }
    }

    @Test
    void aTamperedRecordIsBadRecordMac() throws Exception {
        byte[] key = new byte[16];
        JcaAesGcmCipher enc = new JcaAesGcmCipher(true), dec = new JcaAesGcmCipher(false);
        enc.setKey(key, 0, 16);
        dec.setKey(key, 0, 16);
        byte[] nonce = new byte[12], plain = "PUBLISH".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        enc.init(nonce, 16);
        byte[] sealed = new byte[plain.length + 16];
        enc.doFinal(null, plain, 0, plain.length, sealed, 0);
        sealed[2] ^= 1;
        dec.init(nonce, 16);
        byte[] out = new byte[plain.length];
        assertThatThrownBy(() -> dec.doFinal(null, sealed, 0, sealed.length, out, 0))
                .isInstanceOfSatisfying(TlsFatalAlert.class,
                        e -> assertThat(e.getAlertDescription()).isEqualTo(AlertDescription.bad_record_mac));
        assertThat(Arrays.equals(out, plain)).isFalse();
    }
}

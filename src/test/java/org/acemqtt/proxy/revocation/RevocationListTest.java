package org.acemqtt.proxy.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevocationListTest {
    private static byte[] hash(int seed) {
        byte[] h = new byte[32];
        h[0] = (byte) seed;
        h[31] = (byte) (seed >> 8);
        return h;
    }

    private static String hex(int seed) {
        return HexFormat.of().formatHex(hash(seed));
    }

    @Test
    void aPollReplacesTheListAndReportsWhatIsNew() {
        RevocationList list = new RevocationList();
        assertThat(list.isRevoked(hash(1))).isFalse();
        RevocationList.Update first = list.replace(List.of(hex(1), hex(2), hex(2)));
        assertThat(first.added()).containsExactly(hex(1), hex(2));
        assertThat(first.size()).isEqualTo(2);
        assertThat(list.isRevoked(hash(1))).isTrue();
        assertThat(list.isRevoked(hash(3))).isFalse();
        RevocationList.Update second = list.replace(List.of(hex(2), hex(3)));
        assertThat(second.added()).containsExactly(hex(3));
        // The TRL is the full list: a hash the AS no longer lists (its token expired) is dropped.
        assertThat(list.isRevoked(hash(1))).isFalse();
        assertThat(list.isRevoked(hash(3))).isTrue();
        assertThat(list.isRevokedHex(hex(2))).isTrue();
        list.replace(List.of());
        assertThat(list.size()).isZero();
        assertThat(list.isRevoked(hash(2))).isFalse();
    }

    @Test
    void theListIsBounded() {
        RevocationList list = new RevocationList(3);
        RevocationList.Update update = list.replace(List.of(hex(1), hex(2), hex(3), hex(4), hex(1), hex(5)));
        assertThat(update.size()).isEqualTo(3);
        assertThat(update.dropped()).isEqualTo(2);
        assertThat(list.snapshot()).containsExactly(hex(1), hex(2), hex(3));
        assertThat(list.isRevoked(hash(4))).isFalse();
    }
}

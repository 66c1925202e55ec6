package org.acemqtt.proxy.pop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** SPEC R-40 dispatch rule for CONNECT Authentication Data. */
class AuthenticationDataTest {
    @Test
    void absentOrEmptyDataMeansNoToken() {
        assertThat(AuthenticationData.parse(null).kind()).isEqualTo(AuthenticationData.Kind.NO_TOKEN);
        assertThat(AuthenticationData.parse(new byte[0]).kind()).isEqualTo(AuthenticationData.Kind.NO_TOKEN);
    }

    @Test
    void exactlyLengthAndTokenStartsChallengeResponse() {
        AuthenticationData data = AuthenticationData.parse(new byte[] {0, 3, 1, 2, 3});
        assertThat(data.kind()).isEqualTo(AuthenticationData.Kind.TOKEN_ONLY);
        assertThat(data.token()).containsExactly(1, 2, 3);
        assertThat(data.proof()).isNull();
    }

    @Test
    void bytesAfterTheTokenAreTheExporterProof() {
        AuthenticationData data = AuthenticationData.parse(new byte[] {0, 2, 9, 9, 7, 7, 7});
        assertThat(data.kind()).isEqualTo(AuthenticationData.Kind.TOKEN_AND_PROOF);
        assertThat(data.token()).containsExactly(9, 9);
        assertThat(data.proof()).containsExactly(7, 7, 7);
    }

    @Test
    void aLengthLongerThanTheDataOrZeroIsMalformed() {
        assertThat(AuthenticationData.parse(new byte[] {5}).kind()).isEqualTo(AuthenticationData.Kind.MALFORMED);
        assertThat(AuthenticationData.parse(new byte[] {0, 4, 1, 2, 3}).kind()).isEqualTo(AuthenticationData.Kind.MALFORMED);
        assertThat(AuthenticationData.parse(new byte[] {0, 0, 1}).kind()).isEqualTo(AuthenticationData.Kind.MALFORMED);
        assertThat(AuthenticationData.parse(new byte[] {(byte) 0xFF, (byte) 0xFF, 1}).kind()).isEqualTo(AuthenticationData.Kind.MALFORMED);
    }

    @Test
    void aChallengeResponseNeedsANonceAndAProof() {
        assertThat(AuthenticationData.parseChallengeResponse(new byte[8])).isNull();
        byte[][] parts = AuthenticationData.parseChallengeResponse(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 42});
        assertThat(parts[0]).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(parts[1]).containsExactly(42);
    }

    @Test
    void toStringNeverShowsTheToken() {
        assertThat(AuthenticationData.parse(new byte[] {0, 3, 'a', 'b', 'c'}).toString()).doesNotContain("abc").contains("3 bytes");
    }

    @Test
    void challengeNoncesAreFreshAndTheSignedInputIsRsNonceThenClientNonce() {
        Challenge one = Challenge.create();
        Challenge two = Challenge.create();
        assertThat(one.serverNonce()).hasSize(8).isNotEqualTo(two.serverNonce());
        byte[] client = {1, 2, 3, 4, 5, 6, 7, 8};
        byte[] input = one.signedInput(client);
        assertThat(java.util.Arrays.copyOfRange(input, 0, 8)).isEqualTo(one.serverNonce());
        assertThat(java.util.Arrays.copyOfRange(input, 8, 16)).isEqualTo(client);
    }
}

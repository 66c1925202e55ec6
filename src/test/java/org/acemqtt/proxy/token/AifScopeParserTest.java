package org.acemqtt.proxy.token;

import static org.acemqtt.proxy.token.TokenVerifierRefusalTest.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.acemqtt.proxy.scope.AifScope;
import org.acemqtt.proxy.testsupport.TestClaims;
import org.acemqtt.proxy.testsupport.TestTokens;
import org.acemqtt.proxy.token.cbor.CborWriter;
import org.junit.jupiter.api.Test;

class AifScopeParserTest {
    private static VerificationResult verifyAif(byte[] token) {
        return new TokenVerifier(TokenVerifierConfig.builder(Set.of(TestClaims.AUDIENCE)).build(), KEYS,
                AifScopeParser.INSTANCE, CLOCK).verify(token);
    }

    @Test
    void aBstrWrappedAifScopeBecomesAnAifScope() {
        VerificationResult r = verifyAif(TestTokens.sign1(ES256).claims(valid()).build());
        assertThat(r.isSuccess()).as(r.toString()).isTrue();
        assertThat(r.token().parsedScope()).isInstanceOf(AifScope.class);
    }

    @Test
    void aScopeThatIsNotAifMqttIsRefusedAsMalformedScope() {
        byte[] notAif = new CborWriter().arrayHeader(1).integer(7).toByteArray();
        assertThat(verifyAif(TestTokens.sign1(ES256).claims(valid().scopeBstr(notAif)).build()).reason())
                .isEqualTo(TokenDenyReason.MALFORMED_SCOPE);
    }
}

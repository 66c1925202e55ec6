package org.acemqtt.proxy.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.acemqtt.proxy.scope.AifScope;
import org.junit.jupiter.api.Test;

class SharedScopeParserTest {
    private static ScopeClaim text(String json) {
        return new ScopeClaim(ScopeClaim.Kind.TEXT, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void equalClaimsShareOneParsedScope() throws Exception {
        SharedScopeParser parser = new SharedScopeParser(AifScopeParser.INSTANCE);
        Object first = parser.parse(text("[[\"a/+\",[\"pub\"]]]"));
        ScopeClaim again = text("[[\"a/+\",[\"pub\"]]]");
        Object second = parser.parse(again);
        assertThat(second).isSameAs(first);
        assertThat(parser.canonical(again)).isNotSameAs(again).isEqualTo(again);
        assertThat(((AifScope) first).mayPublish("a/b")).isTrue();
        assertThat(parser.parse(text("[[\"b\",[\"sub\"]]]"))).isNotSameAs(first);
    }

    @Test
    void theSameBytesInAnotherEncodingAreNotConfused() throws Exception {
        SharedScopeParser parser = new SharedScopeParser(AifScopeParser.INSTANCE);
        byte[] cbor = {(byte) 0x81, (byte) 0x82, 0x61, 'a', (byte) 0x81, 0x63, 'p', 'u', 'b'}; // [["a",["pub"]]]
        Object asCbor = parser.parse(new ScopeClaim(ScopeClaim.Kind.BSTR_CBOR, cbor));
        assertThatThrownBy(() -> parser.parse(new ScopeClaim(ScopeClaim.Kind.TEXT, cbor)))
                .as("the same bytes as a text claim are not the cached CBOR scope").isInstanceOf(Exception.class);
        assertThat(((AifScope) asCbor).mayPublish("a")).isTrue();
    }

    @Test
    void malformedClaimsAreRefusedEveryTimeAndNeverRemembered() {
        AtomicInteger calls = new AtomicInteger();
        SharedScopeParser parser = new SharedScopeParser(claim -> {
            calls.incrementAndGet();
            return AifScopeParser.INSTANCE.parse(claim);
        });
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> parser.parse(text("[[\"a\",[\"fly\"]]]"))).isInstanceOf(Exception.class);
        }
        assertThat(calls).hasValue(3);
        assertThat(parser.size()).isZero();
    }

    @Test
    void theMemoryIsBounded() throws Exception {
        SharedScopeParser parser = new SharedScopeParser(AifScopeParser.INSTANCE);
        for (int i = 0; i <= SharedScopeParser.MAX_SCOPES + 10; i++) {
            parser.parse(text("[[\"t/" + i + "\",[\"pub\"]]]"));
            assertThat(parser.size()).isLessThanOrEqualTo(SharedScopeParser.MAX_SCOPES);
        }
        Object again = parser.parse(text("[[\"t/x\",[\"pub\"]]]"));
        assertThat(parser.parse(text("[[\"t/x\",[\"pub\"]]]"))).isSameAs(again);
    }
}

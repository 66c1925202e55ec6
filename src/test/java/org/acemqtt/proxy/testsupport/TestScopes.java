package org.acemqtt.proxy.testsupport;

import org.acemqtt.proxy.token.ScopeClaim;
import org.acemqtt.proxy.token.ScopeParser;
import org.acemqtt.proxy.token.cbor.CborArray;
import org.acemqtt.proxy.token.cbor.CborReader;

/** Stand-in scope parsers until {@code AifScope} lands on main. */
public final class TestScopes {
    /** Accepts a non-empty CBOR array (bstr-wrapped or inline) or a non-blank text; throws otherwise. */
    public static final ScopeParser NON_EMPTY_ARRAY_OR_TEXT = scope -> {
        if (scope.kind() == ScopeClaim.Kind.TEXT) {
            if (scope.text().isBlank()) {
                throw new IllegalArgumentException("blank scope");
            }
            return scope.text();
        }
        if (!(CborReader.decode(scope.bytes()) instanceof CborArray a) || a.size() == 0) {
            throw new IllegalArgumentException("scope is not a non-empty array");
        }
        return a;
    };

    private TestScopes() {
    }
}

package org.acemqtt.proxy.token;

import org.acemqtt.proxy.scope.AifScope;

/**
 * The production {@link ScopeParser}: AIF-MQTT (RFC 9431 §2.3) from a bstr-wrapped CBOR AIF, an inline CBOR array,
 * or a text scope claim (JSON AIF / base64url, as {@link AifScope#parseJsonScopeClaim} accepts).
 */
public final class AifScopeParser implements ScopeParser {
    public static final AifScopeParser INSTANCE = new AifScopeParser();

    private AifScopeParser() {
    }

    @Override
    public AifScope parse(ScopeClaim scope) throws Exception {
        return switch (scope.kind()) {
            case BSTR_CBOR, CBOR_ARRAY -> AifScope.parseCbor(scope.bytes());
            case TEXT -> AifScope.parseJsonScopeClaim(scope.text());
        };
    }
}

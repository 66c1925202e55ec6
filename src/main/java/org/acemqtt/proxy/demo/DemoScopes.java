package org.acemqtt.proxy.demo;

import org.acemqtt.proxy.scope.AifScope;
import org.acemqtt.proxy.scope.ScopeEntry;
import org.acemqtt.proxy.scope.ScopeFormatException;
import org.acemqtt.proxy.token.cbor.CborWriter;

/** AIF-MQTT JSON (as operators write it) to its CBOR form (as CWTs carry it, RFC 9431 §2.3). */
public final class DemoScopes {
    private DemoScopes() {
    }

    public static byte[] cbor(String json) throws ScopeFormatException {
        AifScope scope = AifScope.parseJson(json);
        CborWriter out = new CborWriter().arrayHeader(scope.entries().size());
        for (ScopeEntry entry : scope.entries()) {
            int permissions = (entry.pub() ? 1 : 0) + (entry.sub() ? 1 : 0);
            out.arrayHeader(2).text(entry.topicFilter()).arrayHeader(permissions);
            if (entry.pub()) {
                out.text("pub");
            }
            if (entry.sub()) {
                out.text("sub");
            }
        }
        return out.toByteArray();
    }
}

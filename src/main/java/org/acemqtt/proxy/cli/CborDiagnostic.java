package org.acemqtt.proxy.cli;

import java.util.HexFormat;
import java.util.Map;
import org.acemqtt.proxy.token.cbor.CborArray;
import org.acemqtt.proxy.token.cbor.CborBytes;
import org.acemqtt.proxy.token.cbor.CborFloat;
import org.acemqtt.proxy.token.cbor.CborInt;
import org.acemqtt.proxy.token.cbor.CborItem;
import org.acemqtt.proxy.token.cbor.CborMap;
import org.acemqtt.proxy.token.cbor.CborSimple;
import org.acemqtt.proxy.token.cbor.CborTag;
import org.acemqtt.proxy.token.cbor.CborText;

/** RFC 8949 §8 diagnostic notation, for headers and claims shown by {@code token inspect}; long byte strings are cut. */
final class CborDiagnostic {
    static final int MAX_BYTES_SHOWN = 48;

    private CborDiagnostic() {
    }

    static String of(CborItem item) {
        StringBuilder out = new StringBuilder();
        append(out, item);
        return out.toString();
    }

    private static void append(StringBuilder out, CborItem item) {
        if (item instanceof CborInt i) {
            out.append(i.value());
        } else if (item instanceof CborText t) {
            out.append('"').append(t.value().replace("\"", "\\\"")).append('"');
        } else if (item instanceof CborBytes b) {
            bytes(out, b.toByteArray());
        } else if (item instanceof CborArray a) {
            out.append('[');
            for (int i = 0; i < a.size(); i++) {
                out.append(i == 0 ? "" : ", ");
                append(out, a.get(i));
            }
            out.append(']');
        } else if (item instanceof CborMap m) {
            out.append('{');
            String separator = "";
            for (Map.Entry<CborItem, CborItem> e : m.entries()) {
                out.append(separator);
                append(out, e.getKey());
                out.append(": ");
                append(out, e.getValue());
                separator = ", ";
            }
            out.append('}');
        } else if (item instanceof CborTag tag) {
            out.append(tag.tag()).append('(');
            append(out, tag.content());
            out.append(')');
        } else if (item instanceof CborFloat f) {
            out.append(f.value());
        } else if (item instanceof CborSimple s) {
            out.append(s.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    static void bytes(StringBuilder out, byte[] bytes) {
        String hex = HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, MAX_BYTES_SHOWN));
        out.append("h'").append(hex).append(bytes.length > MAX_BYTES_SHOWN ? "…" : "").append('\'');
        if (bytes.length > MAX_BYTES_SHOWN) {
            out.append(" (").append(bytes.length).append(" bytes)");
        }
    }
}

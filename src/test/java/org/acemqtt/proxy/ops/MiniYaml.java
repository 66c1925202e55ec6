package org.acemqtt.proxy.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser for the block-style YAML subset that {@code helm template} prints for this chart (no YAML library is on
 * the test classpath): block mappings and sequences (also "compact" sequences at the parent key's indentation),
 * plain, single- and double-quoted scalars, {@code |}/{@code |-} literal blocks, {@code {}}/{@code []} and flat
 * flow sequences of scalars. Anything outside that subset fails loudly instead of being guessed at.
 *
 * <p>Plain scalars become {@link Boolean}, {@link Long}, {@code null} or {@link String}; quoted scalars stay strings.
 */
final class MiniYaml {
    private final List<String> lines;
    private int pos;

    private MiniYaml(List<String> lines) {
        this.lines = lines;
    }

    /** Every non-empty document of a multi-document stream. */
    static List<Object> parseAll(String text) {
        List<Object> docs = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String raw : text.split("\n", -1)) {
            String line = raw.stripTrailing();
            if (line.equals("---") || line.startsWith("--- ")) {
                addDoc(docs, current);
                current = new ArrayList<>();
            } else {
                current.add(line);
            }
        }
        addDoc(docs, current);
        return docs;
    }

    private static void addDoc(List<Object> docs, List<String> lines) {
        MiniYaml parser = new MiniYaml(lines);
        parser.skipBlank();
        if (parser.pos >= lines.size()) {
            return;
        }
        Object doc = parser.node(parser.indent(lines.get(parser.pos)));
        parser.skipBlank();
        if (parser.pos < lines.size()) {
            throw new IllegalArgumentException("unparsed YAML at line " + (parser.pos + 1) + ": " + lines.get(parser.pos));
        }
        if (doc != null) {
            docs.add(doc);
        }
    }

    private void skipBlank() {
        while (pos < lines.size()) {
            String t = lines.get(pos).strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                return;
            }
            pos++;
        }
    }

    private static int indent(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private Object node(int indent) {
        skipBlank();
        String line = lines.get(pos);
        String t = line.substring(indent);
        return (t.equals("-") || t.startsWith("- ")) ? sequence(indent) : mapping(indent);
    }

    private List<Object> sequence(int indent) {
        List<Object> out = new ArrayList<>();
        while (true) {
            skipBlank();
            if (pos >= lines.size()) {
                return out;
            }
            String line = lines.get(pos);
            int ind = indent(line);
            String t = line.substring(ind);
            if (ind != indent || !(t.equals("-") || t.startsWith("- "))) {
                if (ind > indent) {
                    throw new IllegalArgumentException("bad indentation at line " + (pos + 1) + ": " + line);
                }
                return out;
            }
            if (t.equals("-")) {
                pos++;
                skipBlank();
                out.add(indent(lines.get(pos)) > indent ? node(indent(lines.get(pos))) : null);
                continue;
            }
            String rest = t.substring(2);
            int restIndent = indent + 2 + indent(rest);
            rest = rest.strip();
            if (isMappingEntry(rest) || rest.startsWith("- ")) {
                // "- key: value": the item is a block node starting at the key's column.
                lines.set(pos, " ".repeat(restIndent) + rest);
                out.add(node(restIndent));
            } else {
                pos++;
                out.add(scalarOrBlock(rest, indent));
            }
        }
    }

    private Map<String, Object> mapping(int indent) {
        Map<String, Object> out = new LinkedHashMap<>();
        while (true) {
            skipBlank();
            if (pos >= lines.size()) {
                return out;
            }
            String line = lines.get(pos);
            int ind = indent(line);
            if (ind < indent) {
                return out;
            }
            if (ind > indent) {
                throw new IllegalArgumentException("bad indentation at line " + (pos + 1) + ": " + line);
            }
            String t = line.substring(ind);
            if (t.startsWith("- ") || t.equals("-")) {
                return out; // a compact sequence belonging to the parent ends here
            }
            int colon = keyEnd(t);
            if (colon < 0) {
                throw new IllegalArgumentException("not a mapping entry at line " + (pos + 1) + ": " + line);
            }
            String key = unquote(t.substring(0, colon).strip());
            String value = t.substring(colon + 1).strip();
            if (out.containsKey(key)) {
                throw new IllegalArgumentException("duplicate key " + key + " at line " + (pos + 1));
            }
            pos++;
            if (value.isEmpty()) {
                skipBlank();
                if (pos < lines.size()) {
                    String next = lines.get(pos);
                    int nind = indent(next);
                    String nt = next.substring(nind);
                    if (nind > indent || (nind == indent && (nt.startsWith("- ") || nt.equals("-")))) {
                        out.put(key, node(nind));
                        continue;
                    }
                }
                out.put(key, null);
            } else {
                out.put(key, scalarOrBlock(value, indent));
            }
        }
    }

    private static boolean isMappingEntry(String t) {
        return keyEnd(t) > 0;
    }

    /** Index of the ':' ending a mapping key, or -1. */
    private static int keyEnd(String t) {
        if (t.startsWith("\"") || t.startsWith("'")) {
            char q = t.charAt(0);
            int end = t.indexOf(q, 1);
            while (q == '\'' && end >= 0 && end + 1 < t.length() && t.charAt(end + 1) == '\'') {
                end = t.indexOf(q, end + 2);
            }
            if (end > 0 && end + 1 < t.length() && t.charAt(end + 1) == ':'
                    && (end + 2 == t.length() || t.charAt(end + 2) == ' ')) {
                return end + 1;
            }
            return -1;
        }
        if (t.startsWith("{") || t.startsWith("[")) {
            return -1;
        }
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) == ':' && (i + 1 == t.length() || t.charAt(i + 1) == ' ')) {
                return i;
            }
            if (t.charAt(i) == ' ' && i + 1 < t.length() && t.charAt(i + 1) == '#') {
                return -1;
            }
        }
        return -1;
    }

    private Object scalarOrBlock(String value, int parentIndent) {
        if (value.equals("|") || value.equals("|-") || value.equals("|+") || value.equals(">") || value.equals(">-")) {
            return block(value, parentIndent);
        }
        return scalar(value);
    }

    private String block(String header, int parentIndent) {
        List<String> body = new ArrayList<>();
        int blockIndent = -1;
        while (pos < lines.size()) {
            String line = lines.get(pos);
            if (line.isBlank()) {
                body.add("");
                pos++;
                continue;
            }
            int ind = indent(line);
            if (ind <= parentIndent) {
                break;
            }
            if (blockIndent < 0) {
                blockIndent = ind;
            }
            if (ind < blockIndent) {
                break;
            }
            body.add(line.substring(blockIndent));
            pos++;
        }
        int trailing = 0;
        while (!body.isEmpty() && body.get(body.size() - 1).isEmpty()) {
            body.remove(body.size() - 1);
            trailing++;
        }
        String sep = header.startsWith(">") ? " " : "\n";
        String text = String.join(sep, body);
        if (header.endsWith("-")) {
            return text;
        }
        if (header.endsWith("+")) {
            return text + "\n" + "\n".repeat(trailing);
        }
        return body.isEmpty() ? "" : text + "\n";
    }

    static Object scalar(String v) {
        if (v.startsWith("\"")) {
            if (!v.endsWith("\"") || v.length() < 2) {
                throw new IllegalArgumentException("multi-line or broken double-quoted scalar: " + v);
            }
            return unescapeDouble(v.substring(1, v.length() - 1));
        }
        if (v.startsWith("'")) {
            if (!v.endsWith("'") || v.length() < 2) {
                throw new IllegalArgumentException("multi-line or broken single-quoted scalar: " + v);
            }
            return v.substring(1, v.length() - 1).replace("''", "'");
        }
        if (v.equals("{}")) {
            return new LinkedHashMap<String, Object>();
        }
        if (v.startsWith("[")) {
            if (!v.endsWith("]")) {
                throw new IllegalArgumentException("multi-line flow sequence: " + v);
            }
            List<Object> out = new ArrayList<>();
            String inner = v.substring(1, v.length() - 1).strip();
            if (!inner.isEmpty()) {
                for (String item : inner.split(",")) {
                    out.add(scalar(item.strip()));
                }
            }
            return out;
        }
        if (v.startsWith("{") || v.startsWith("&") || v.startsWith("*") || v.startsWith("!")) {
            throw new IllegalArgumentException("unsupported YAML construct: " + v);
        }
        int comment = v.indexOf(" #");
        if (comment >= 0) {
            v = v.substring(0, comment).strip();
        }
        switch (v) {
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            case "null":
            case "~":
                return null;
            default:
                break;
        }
        if (v.matches("0o?[0-7]+")) {
            return Long.parseLong(v.replace("0o", ""), 8); // YAML 1.1 octal, as Kubernetes reads defaultMode: 0440
        }
        if (v.matches("-?[0-9]+")) {
            return Long.parseLong(v);
        }
        return v;
    }

    private static String unquote(String key) {
        Object s = scalar(key);
        return String.valueOf(s);
    }

    private static String unescapeDouble(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case '/' -> out.append('/');
                case 'u' -> {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> throw new IllegalArgumentException("unsupported escape \\" + n);
            }
        }
        return out.toString();
    }
}

package org.acemqtt.proxy.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/** One JSON object per line: {@code {"ts":...,"level":...,"logger":...,"msg":...}} (+ {@code "error"}). */
final class JsonLineFormatter extends Formatter {
    @Override
    public String format(LogRecord record) {
        StringBuilder json = new StringBuilder(200).append("{\"ts\":\"").append(Instant.ofEpochMilli(record.getMillis()))
                .append("\",\"level\":\"").append(LogSetup.levelName(record.getLevel()))
                .append("\",\"logger\":");
        quote(json, TextLineFormatter.shortName(record.getLoggerName()));
        json.append(",\"msg\":");
        quote(json, formatMessage(record));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            json.append(",\"error\":");
            quote(json, trace.toString());
        }
        return json.append("}\n").toString();
    }

    static void quote(StringBuilder out, String text) {
        out.append('"');
        String value = text == null ? "" : text;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}

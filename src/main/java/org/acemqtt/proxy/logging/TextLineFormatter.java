package org.acemqtt.proxy.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/** {@code 2026-12-03T20:06:46.123Z INFO  relay.ConnectionRelay connected ...}: one line per event. */
final class TextLineFormatter extends Formatter {
    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(160)
                .append(Instant.ofEpochMilli(record.getMillis())).append(' ')
                .append(String.format("%-5s", LogSetup.levelName(record.getLevel()))).append(' ')
                .append(shortName(record.getLoggerName())).append(' ')
                .append(oneLine(formatMessage(record)));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(" | ").append(oneLine(trace.toString()));
        }
        return line.append('\n').toString();
    }

    static String shortName(String logger) {
        if (logger == null) {
            return "-";
        }
        String prefix = "org.acemqtt.proxy.";
        return logger.startsWith(prefix) ? logger.substring(prefix.length()) : logger;
    }

    static String oneLine(String text) {
        return text == null ? "" : text.replace("\r", "").replace("\n", " \\n ");
    }
}

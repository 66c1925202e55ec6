package org.acemqtt.proxy.logging;

import java.io.PrintStream;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import org.acemqtt.proxy.config.LoggingConfig;

/**
 * Routes java.util.logging (which Netty and Vert.x use when no other backend is present) to stdout, one line per
 * event, as text or JSON (CONTRACT.md).
 */
public final class LogSetup {
    private LogSetup() {
    }

    public static void configure(LoggingConfig.Format format, String level) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Handler handler = new StreamHandler(new PrintStream(System.out, true), format == LoggingConfig.Format.JSON
                ? new JsonLineFormatter() : new TextLineFormatter()) {
            @Override
            public synchronized void publish(java.util.logging.LogRecord record) {
                super.publish(record);
                flush();
            }
        };
        Level julLevel = toJul(level);
        handler.setLevel(julLevel);
        root.addHandler(handler);
        root.setLevel(julLevel);
        // Netty and Vert.x are chatty at FINE; the proxy's own packages follow the configured level.
        Logger.getLogger("io.netty").setLevel(julLevel.intValue() < Level.INFO.intValue() ? Level.INFO : julLevel);
        Logger.getLogger("io.vertx").setLevel(julLevel.intValue() < Level.INFO.intValue() ? Level.INFO : julLevel);
        if (root.getHandlers().length == 0) {
            root.addHandler(new ConsoleHandler());
        }
    }

    static Level toJul(String level) {
        return switch (level) {
            case "error" -> Level.SEVERE;
            case "warn" -> Level.WARNING;
            case "debug" -> Level.FINE;
            case "trace" -> Level.FINEST;
            default -> Level.INFO;
        };
    }

    static String levelName(Level level) {
        if (level.intValue() >= Level.SEVERE.intValue()) {
            return "ERROR";
        } else if (level.intValue() >= Level.WARNING.intValue()) {
            return "WARN";
        } else if (level.intValue() >= Level.INFO.intValue()) {
            return "INFO";
        } else if (level.intValue() >= Level.FINE.intValue()) {
            return "DEBUG";
        }
        return "TRACE";
    }
}

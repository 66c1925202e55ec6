package org.acemqtt.proxy.config;

/** Log output: {@code text} (one line per event) or {@code json} (one JSON object per line). */
public record LoggingConfig(Format format, String level) {

    public enum Format { TEXT, JSON }
}

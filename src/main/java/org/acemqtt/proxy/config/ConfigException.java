package org.acemqtt.proxy.config;

import java.util.List;

/** A config file that cannot be used; carries every problem found, each starting with its JSON path. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}

package org.acemqtt.proxy.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Typed reads from a JSON object that record a problem (prefixed with the JSON path) instead of throwing, so that
 * one pass over the file reports everything that is wrong with it (STYLE.md: fail fast, list every problem).
 */
final class JsonFields {
    private final List<String> problems = new ArrayList<>();
    private final Path baseDir;

    JsonFields(Path baseDir) {
        this.baseDir = baseDir;
    }

    List<String> problems() {
        return problems;
    }

    void problem(String path, String message) {
        problems.add(path + ": " + message);
    }

    static String path(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /** The object under {@code key}; empty (with a problem if required) when absent, null or not an object. */
    Optional<JsonNode> object(JsonNode parent, String key, String parentPath, boolean required) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            if (required) {
                problem(path(parentPath, key), "is required");
            }
            return Optional.empty();
        }
        if (!node.isObject()) {
            problem(path(parentPath, key), "must be an object");
            return Optional.empty();
        }
        return Optional.of(node);
    }

    Optional<String> string(JsonNode parent, String key, String parentPath, boolean required) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            if (required) {
                problem(path(parentPath, key), "is required");
            }
            return Optional.empty();
        }
        if (!node.isTextual()) {
            problem(path(parentPath, key), "must be a string");
            return Optional.empty();
        }
        if (node.asText().isEmpty()) {
            problem(path(parentPath, key), "must not be empty");
            return Optional.empty();
        }
        return Optional.of(node.asText());
    }

    String string(JsonNode parent, String key, String parentPath, String fallback) {
        return parent.has(key) && !parent.get(key).isNull() ? string(parent, key, parentPath, true).orElse(fallback) : fallback;
    }

    int integer(JsonNode parent, String key, String parentPath, int fallback, long min, long max) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.canConvertToLong() || !node.isIntegralNumber()) {
            problem(path(parentPath, key), "must be an integer");
            return fallback;
        }
        long value = node.asLong();
        if (value < min || value > max) {
            problem(path(parentPath, key), "must be between " + min + " and " + max + ", got " + value);
            return fallback;
        }
        return (int) value;
    }

    int requiredPort(JsonNode parent, String key, String parentPath) {
        if (!parent.has(key) || parent.get(key).isNull()) {
            problem(path(parentPath, key), "is required");
            return 0;
        }
        return integer(parent, key, parentPath, 0, 0, 65535);
    }

    boolean bool(JsonNode parent, String key, String parentPath, boolean fallback) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            problem(path(parentPath, key), "must be true or false");
            return fallback;
        }
        return node.asBoolean();
    }

    /** A list of strings: a JSON array of strings, or (when {@code allowSingle}) one string. */
    List<String> strings(JsonNode parent, String key, String parentPath, boolean allowSingle) {
        JsonNode node = parent.get(key);
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (allowSingle && node.isTextual()) {
            out.add(node.asText());
            return out;
        }
        if (!node.isArray()) {
            problem(path(parentPath, key), allowSingle ? "must be a string or an array of strings" : "must be an array of strings");
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual() || item.asText().isEmpty()) {
                problem(path(parentPath, key) + "[" + i + "]", "must be a non-empty string");
            } else {
                out.add(item.asText());
            }
        }
        return out;
    }

    /** A path relative to the config file's folder that must name a readable regular file. */
    Optional<Path> file(JsonNode parent, String key, String parentPath, boolean required) {
        Optional<String> raw = string(parent, key, parentPath, required);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        Path file = baseDir.resolve(raw.get()).normalize();
        if (!Files.exists(file)) {
            problem(path(parentPath, key), "file not found: " + raw.get());
            return Optional.empty();
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            problem(path(parentPath, key), "not a readable file: " + raw.get());
            return Optional.empty();
        }
        return Optional.of(file);
    }

    void rejectUnknownKeys(JsonNode node, String nodePath, List<String> known) {
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                problem(path(nodePath, name), "unknown key (expected one of " + String.join(", ", known) + ")");
            }
        });
    }
}

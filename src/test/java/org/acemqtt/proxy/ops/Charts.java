package org.acemqtt.proxy.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders helm/ace-mqtt-proxy through helm-java's native helm and navigates the manifests. */
final class Charts {
    static final Path CHART = Path.of("helm", "ace-mqtt-proxy").toAbsolutePath();
    static final String RELEASE = "demo";
    static final String NAMESPACE = "mqtt";
    static final String FULLNAME = "demo-ace-mqtt-proxy";
    /** helm template defaults to Kubernetes 1.20, older than the chart's kubeVersion (>=1.23). */
    static final String KUBE_VERSION = "v1.30.0";
    static final ObjectMapper JSON = new ObjectMapper();

    /** The smallest valid values: the chart insists on a TLS Secret name. */
    static final String TLS = "listener:\n  tls:\n    secretName: proxy-tls\n";

    private Charts() {
    }

    /** helm template with these values (a YAML document) and --set pairs; throws what helm reports. */
    static Rendered render(String valuesYaml, String... sets) {
        try {
            Path values = Files.createTempFile("values-", ".yaml");
            try {
                Files.writeString(values, valuesYaml, StandardCharsets.UTF_8);
                TemplateCommand command = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE)
                        .withKubeVersion(KUBE_VERSION).withValuesFile(values);
                for (int i = 0; i + 1 < sets.length; i += 2) {
                    command = command.set(sets[i], sets[i + 1]);
                }
                String out = command.call();
                return new Rendered(out, MiniYaml.parseAll(out));
            } finally {
                Files.deleteIfExists(values);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The error helm gives for these values, or fails if they render. */
    static String refusal(String valuesYaml, String... sets) {
        try {
            Rendered r = render(valuesYaml, sets);
            throw new AssertionError("helm rendered values that should be refused:\n" + valuesYaml + "\n" + r.text);
        } catch (RuntimeException e) {
            return String.valueOf(e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    static Object at(Object node, String path) {
        Object cur = node;
        for (String part : path.split("\\.")) {
            String key = part;
            List<String> selectors = new ArrayList<>();
            int b = part.indexOf('[');
            if (b >= 0) {
                key = part.substring(0, b);
                for (String sel : part.substring(b + 1, part.length() - 1).split("\\]\\[")) {
                    selectors.add(sel);
                }
            }
            if (!key.isEmpty()) {
                if (!(cur instanceof Map)) {
                    return null;
                }
                cur = ((Map<String, Object>) cur).get(key);
            }
            for (String sel : selectors) {
                if (!(cur instanceof List)) {
                    return null;
                }
                List<Object> list = (List<Object>) cur;
                if (sel.matches("[0-9]+")) {
                    int i = Integer.parseInt(sel);
                    cur = i < list.size() ? list.get(i) : null;
                } else {
                    String[] kv = sel.split("=", 2);
                    cur = list.stream().filter(o -> o instanceof Map && kv[1].equals(String.valueOf(((Map<String, Object>) o).get(kv[0]))))
                            .findFirst().orElse(null);
                }
            }
        }
        return cur;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String path) {
        Object o = at(node, path);
        if (!(o instanceof Map)) {
            throw new AssertionError(path + " is not a mapping: " + o);
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, String path) {
        Object o = at(node, path);
        if (o == null) {
            return List.of();
        }
        if (!(o instanceof List)) {
            throw new AssertionError(path + " is not a sequence: " + o);
        }
        return (List<Object>) o;
    }

    static final class Rendered {
        final String text;
        final List<Object> docs;

        Rendered(String text, List<Object> docs) {
            this.text = text;
            this.docs = docs;
        }

        List<Map<String, Object>> all(String kind) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Object d : docs) {
                if (kind.equals(at(d, "kind"))) {
                    out.add(map(d, ""));
                }
            }
            return out;
        }

        Map<String, Object> one(String kind, String name) {
            List<Map<String, Object>> hits = all(kind).stream().filter(d -> name.equals(at(d, "metadata.name")))
                    .collect(Collectors.toList());
            if (hits.size() != 1) {
                throw new AssertionError("expected one " + kind + " " + name + ", found " + hits.size() + " in\n" + text);
            }
            return hits.get(0);
        }

        List<String> kinds() {
            return docs.stream().map(d -> at(d, "kind") + "/" + at(d, "metadata.name")).sorted().collect(Collectors.toList());
        }

        /** The Deployment or StatefulSet. */
        Map<String, Object> workload() {
            List<Map<String, Object>> w = new ArrayList<>(all("Deployment"));
            w.addAll(all("StatefulSet"));
            if (w.size() != 1) {
                throw new AssertionError("expected one workload, found " + kinds());
            }
            return w.get(0);
        }

        Map<String, Object> pod() {
            return map(workload(), "spec.template.spec");
        }

        Map<String, Object> container(String name) {
            return map(pod(), "containers[name=" + name + "]");
        }

        /** config.json as stored in the ConfigMap (or Secret, when it holds the upstream password). */
        String configJsonText() {
            List<Map<String, Object>> holders = new ArrayList<>();
            for (String kind : List.of("ConfigMap", "Secret")) {
                holders.addAll(all(kind).stream().filter(d -> (FULLNAME + "-config").equals(at(d, "metadata.name")))
                        .collect(Collectors.toList()));
            }
            if (holders.size() != 1) {
                throw new AssertionError("expected one config holder, found " + kinds());
            }
            Map<String, Object> holder = holders.get(0);
            Object data = holder.containsKey("data") ? holder.get("data") : holder.get("stringData");
            return (String) ((Map<?, ?>) data).get("config.json");
        }

        JsonNode configJson() {
            try {
                return JSON.readTree(configJsonText());
            } catch (IOException e) {
                throw new AssertionError("config.json is not JSON: " + e.getMessage() + "\n" + configJsonText(), e);
            }
        }
    }
}

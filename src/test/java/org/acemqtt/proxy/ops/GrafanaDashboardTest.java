package org.acemqtt.proxy.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** dashboards/ace-mqtt-proxy.grafana.json queries only metrics the proxy exports (CONTRACT.md, JVM binders). */
class GrafanaDashboardTest {
    private static final Path DASHBOARD = Path.of("dashboards", "ace-mqtt-proxy.grafana.json");
    /** CONTRACT.md's metrics table (checked against the file itself when shared/ is next to the repository). */
    static final List<String> CONTRACT = List.of("ace_proxy_connections_active", "ace_proxy_connections_total",
            "ace_proxy_auth_total", "ace_proxy_denied_total", "ace_proxy_disconnects_total",
            "ace_proxy_token_validation_seconds", "ace_proxy_messages_total", "ace_proxy_upstream_connect_failures_total");
    private static final List<String> HISTOGRAMS = List.of("ace_proxy_token_validation_seconds");
    /** Micrometer's JVM/process binders as the Prometheus registry names them (ProxyMetrics binds these). */
    private static final Pattern STANDARD = Pattern.compile(
            "jvm_(memory_(used|committed|max)_bytes|gc_pause_seconds_(sum|count|max)|threads_(live|peak|daemon)_threads)"
                    + "|process_cpu_usage|system_cpu_usage|up");
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset");

    @Test
    void contractListMatchesContractMd() throws Exception {
        Path contract = Path.of("..", "shared", "docs", "CONTRACT.md");
        if (!Files.exists(contract)) {
            return; // the list above is then the reference
        }
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `(ace_proxy_[a-z_]+)` \\|").matcher(Files.readString(contract));
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).containsExactlyInAnyOrderElementsOf(CONTRACT);
    }

    @Test
    void everyQueriedMetricIsAContractOrStandardJvmMetric() throws Exception {
        JsonNode dash = new ObjectMapper().readTree(Files.readString(DASHBOARD, StandardCharsets.UTF_8));
        List<String> queries = queries(dash);
        assertThat(queries).hasSizeGreaterThan(20);
        Set<String> used = new LinkedHashSet<>();
        for (String q : queries) {
            Set<String> names = metricNames(q);
            assertThat(names).as("no metric found in %s", q).isNotEmpty();
            for (String name : names) {
                String base = name.replaceAll("_(bucket|sum|count)$", "");
                boolean contract = CONTRACT.contains(name) || (HISTOGRAMS.contains(base) && !base.equals(name));
                assertThat(contract || STANDARD.matcher(name).matches()).as("%s in %s", name, q).isTrue();
                used.add(contract ? base : name);
            }
        }
        // The dashboard covers the whole contract.
        assertThat(used).containsAll(CONTRACT);
    }

    @Test
    void panelsCoverWhatOperatorsLookFor() throws Exception {
        JsonNode dash = new ObjectMapper().readTree(Files.readString(DASHBOARD, StandardCharsets.UTF_8));
        String all = String.join("\n", queries(dash));
        assertThat(all).contains("sum by (method, outcome) (rate(ace_proxy_auth_total")
                .contains("sum by (method, reason) (rate(ace_proxy_auth_total")
                .contains("sum by (packet) (rate(ace_proxy_denied_total")
                .contains("ace_proxy_disconnects_total{job=~\"$job\", instance=~\"$instance\", reason=~\"token_.+|not_authorized\"}")
                .contains("histogram_quantile(0.99, sum by (le, format) (rate(ace_proxy_token_validation_seconds_bucket")
                .contains("sum by (direction) (rate(ace_proxy_messages_total")
                .contains("jvm_memory_used_bytes");
        assertThat(dash.get("uid").asText()).isEqualTo("ace-mqtt-proxy");
        Set<Integer> ids = new TreeSet<>();
        for (JsonNode p : dash.get("panels")) {
            assertThat(ids.add(p.get("id").asInt())).as("panel ids are unique").isTrue();
            if (!p.get("type").asText().equals("row")) {
                assertThat(p.at("/datasource/uid").asText()).isEqualTo("${datasource}");
            }
        }
    }

    static List<String> queries(JsonNode dash) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : dash.get("panels")) {
            for (JsonNode t : p.path("targets")) {
                out.add(t.get("expr").asText());
            }
        }
        for (JsonNode v : dash.at("/templating/list")) {
            if (v.path("type").asText().equals("query")) {
                String q = v.get("query").isTextual() ? v.get("query").asText() : v.at("/query/query").asText();
                out.add(q.replaceAll("^label_values\\((.*),\\s*\\w+\\)$", "$1"));
            }
        }
        return out;
    }

    /** Metric names of a PromQL expression: identifiers outside strings, selectors, ranges and grouping clauses. */
    static Set<String> metricNames(String promql) {
        String s = promql.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*\\}", " ")
                .replaceAll("\\[[^\\]]*\\]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("([A-Za-z_:][A-Za-z0-9_:]*)(\\s*\\()?").matcher(s);
        while (m.find()) {
            String id = m.group(1);
            if (m.group(2) != null || PROMQL_WORDS.contains(id) || id.matches("[0-9eE]+")) {
                continue; // a function call or a keyword
            }
            names.add(id);
        }
        return names;
    }
}

package org.acemqtt.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 7: CI runs the benchmark harness's smoke mode ({@code bench/run.sh smoke}, about a minute) against the jar
 * this build packaged, to keep the harness correct; the numbers of a smoke run mean nothing and are not checked,
 * only that every scenario ran on all three paths, lost nothing where nothing may be lost, and wrote its report.
 */
class BenchSmokeIT {
    private static final List<String> PATHS = List.of("direct", "haproxy", "ace");
    private static JsonNode report;
    private static String log;

    @BeforeAll
    static void runSmoke() throws Exception {
        Path repo = Path.of("").toAbsolutePath();
        Path logFile = Files.createTempFile("bench-smoke", ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", repo.resolve("bench/run.sh").toString(), "smoke")
                .directory(repo.toFile()).redirectErrorStream(true).redirectOutput(logFile.toFile());
        pb.environment().put("ACE_BENCH_PROXY_JAR", Path.of(System.getProperty("proxy.jar")).toAbsolutePath().toString());
        Process p = pb.start();
        boolean done = p.waitFor(300, TimeUnit.SECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        log = Files.readString(logFile);
        assertThat(done).as("bench/run.sh smoke finished in time; log:%n%s", log).isTrue();
        assertThat(p.exitValue()).as("bench/run.sh smoke exit code; log:%n%s", log).isZero();
        report = new ObjectMapper().readTree(repo.resolve("bench/target/smoke/latest.json").toFile());
        assertThat(Files.readString(repo.resolve("bench/target/smoke/latest.md"))).contains("SMOKE RUN");
    }

    private static List<JsonNode> runs(String scenario) {
        List<JsonNode> rows = new ArrayList<>();
        report.get("runs").forEach(r -> {
            if (r.get("scenario").asText().equals(scenario)) {
                rows.add(r);
            }
        });
        assertThat(rows).extracting(r -> r.get("path").asText()).as(scenario).containsExactlyInAnyOrderElementsOf(PATHS);
        return rows;
    }

    @Test
    void everyThroughputScenarioDeliveredOnAllThreePathsAndQos1LostNothing() {
        for (String s : List.of("tput_q0_64B", "tput_q0_4096B", "tput_q1_64B", "tput_q1_4096B", "fanout_1x50_q0_64B",
                "fanin_200x1_q1_64B")) {
            for (JsonNode r : runs(s)) {
                assertThat(r.get("msgs_per_s").asDouble()).as(s + " " + r.get("path")).isPositive();
                assertThat(r.get("received").asDouble()).as(s + " " + r.get("path")).isPositive();
                assertThat(r.get("refused").asDouble()).as(s + " " + r.get("path") + " PUBACK refusals").isZero();
                if (s.contains("_q1_")) {
                    assertThat(r.get("lost").asDouble()).as(s + " " + r.get("path") + " QoS 1 losses").isZero();
                }
            }
        }
    }

    @Test
    void latencyAndConnectionSetUpWereMeasuredWithoutFailures() {
        for (JsonNode r : runs("latency_q0_64B_1000ps")) {
            assertThat(r.get("p50_us").asDouble()).as("latency " + r.get("path")).isPositive();
            assertThat(r.get("samples").asDouble()).as("latency " + r.get("path")).isPositive();
        }
        for (String s : List.of("connect_1thr", "connect_2thr")) {
            for (JsonNode r : runs(s)) {
                assertThat(r.get("conn_per_s").asDouble()).as(s + " " + r.get("path")).isPositive();
                assertThat(r.get("failed").asDouble()).as(s + " " + r.get("path")).isZero();
            }
        }
    }

    @Test
    void idleConnectionMemoryWasMeasuredOnTheProxy() {
        JsonNode ace = runs("idle_memory").stream().filter(r -> r.get("path").asText().equals("ace")).findFirst()
                .orElseThrow();
        assertThat(ace.get("conns_200").asDouble()).isEqualTo(200);
        // Measured 7.5-8.1 KiB (issue 7 target: 8 KiB); twice that means an idle connection pins a buffer again
        // (BC's scratch, staging or queues, a Cipher, a NetSocket queue: each alone was 4-32 KiB before).
        assertThat(ace.get("heap_bytes_ace_per_conn_200").asDouble()).as("heap per idle connection")
                .isPositive().isLessThan(16 * 1024);
        assertThat(log).contains("warm-up round 1");
    }
}

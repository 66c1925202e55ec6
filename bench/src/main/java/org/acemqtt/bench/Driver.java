package org.acemqtt.bench;

import java.io.ByteArrayInputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Starts Mosquitto (TLS + plain listeners), HAProxy (TLS termination, TCP mode) and ace-mqtt-proxy on free loopback
 * ports, then runs every scenario on the three paths interleaved (direct, haproxy, ace, direct, ...) and writes
 * latest.md / latest.json.
 *
 * <pre>java -cp ... org.acemqtt.bench.Driver --work DIR --proxy-jar JAR --out DIR [--mode full|smoke|profile]</pre>
 */
public final class Driver {
    private final Map<String, String> args = new LinkedHashMap<>();
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, String> meta = new LinkedHashMap<>();

    record Row(String scenario, String path, int rep, Map<String, Double> m) {
    }

    public static void main(String[] argv) throws Exception {
        Driver d = new Driver();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            d.args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        d.run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path work = Path.of(args.get("work")).toAbsolutePath();
        Path out = Path.of(args.getOrDefault("out", work.toString())).toAbsolutePath();
        String mode = args.getOrDefault("mode", "full");
        boolean smoke = mode.equals("smoke");
        int reps = Integer.parseInt(args.getOrDefault("reps", smoke ? "1" : "3"));
        double tputSec = smoke ? 0.5 : Double.parseDouble(args.getOrDefault("tput-seconds", "3"));
        double latSec = smoke ? 1 : Double.parseDouble(args.getOrDefault("lat-seconds", "4"));
        double connSec = smoke ? 0.5 : Double.parseDouble(args.getOrDefault("conn-seconds", "2"));
        Files.createDirectories(work.resolve("logs"));
        Files.createDirectories(work.resolve("keys"));
        Files.createDirectories(out);

        AceToken ace = new AceToken();
        Files.writeString(work.resolve("keys/as.jwks.json"), ace.jwks());
        byte[] leaf = ((java.security.cert.X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(work.resolve("certs/server.crt")))))
                .getEncoded();

        int plain = Procs.freePort(), mtls = Procs.freePort(), hap = Procs.freePort(), acePort = Procs.freePort(),
                admin = Procs.freePort();
        Files.writeString(work.resolve("mosquitto.conf"), String.join("\n",
                "per_listener_settings false", "user " + System.getProperty("user.name"), "allow_anonymous true", "persistence false", "set_tcp_nodelay true",
                "max_queued_messages 0", "max_inflight_messages 20", "log_dest stderr", "log_type error",
                "log_type warning",
                "listener " + plain + " 127.0.0.1",
                "listener " + mtls + " 127.0.0.1",
                "certfile " + work.resolve("certs/server.crt"), "keyfile " + work.resolve("certs/server.key"),
                "tls_version tlsv1.3", ""));
        Files.writeString(work.resolve("haproxy.cfg"), String.join("\n",
                "global", "  log stderr format raw local0 err", "  maxconn 9950",
                "defaults", "  mode tcp", "  log global", "  timeout connect 5s", "  timeout client 1h",
                "  timeout server 1h",
                "frontend mqtts", "  bind 127.0.0.1:" + hap + " ssl crt " + work.resolve("certs/server.pem")
                        + " ssl-min-ver TLSv1.3",
                "  default_backend mosquitto",
                "backend mosquitto", "  server m1 127.0.0.1:" + plain, ""));
        Files.writeString(work.resolve("config.json"), """
                {
                  "listeners": [{"name": "mqtts", "host": "127.0.0.1", "port": %d,
                    "tls": {"certificate": "certs/server.crt", "privateKey": "certs/server.key",
                            "protocols": ["TLSv1.3"], "psk": false, "rawPublicKeys": false}}],
                  "upstream": {"host": "127.0.0.1", "port": %d},
                  "ace": {"audience": ["%s"], "issuers": [{"issuer": "%s", "keys": "keys/as.jwks.json"}],
                          "introspection": null, "anonymousScope": null, "asHint": null},
                  "admin": {"host": "127.0.0.1", "port": %d},
                  "limits": {"drainSeconds": 1, "maxUnauthenticatedConnections": 20000},
                  "logging": {"format": "text", "level": "%s"}
                }
                """.formatted(acePort, plain, AceToken.AUDIENCE, AceToken.ISSUER, admin,
                args.getOrDefault("proxy-log-level", "info")));

        try (Procs procs = new Procs()) {
            Runtime.getRuntime().addShutdownHook(new Thread(procs::close));
            Process mosq = procs.start("mosquitto", work, work.resolve("logs/mosquitto.log"),
                    List.of("mosquitto", "-c", work.resolve("mosquitto.conf").toString()));
            Process ha = procs.start("haproxy", work, work.resolve("logs/haproxy.log"),
                    List.of("haproxy", "-db", "-f", work.resolve("haproxy.cfg").toString()));
            Procs.awaitPort("mosquitto", plain, mosq, 10_000);
            Procs.awaitPort("mosquitto-tls", mtls, mosq, 10_000);
            Procs.awaitPort("haproxy", hap, ha, 10_000);
            Conn.Target acePath = new Conn.Target("ace", acePort, true);
            // Start-up twice: cold (classes loaded and verified from the jars), and with the AppCDS archive the
            // container image ships, made by the image's own script (src/main/docker/cds-archive.sh). The second
            // process is the one measured below.
            Process cold = startProxy(procs, work, admin, "-Xshare:auto", "proxy_startup_to_ready_s");
            cold.destroy();
            if (!cold.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("the cold proxy did not stop");
            }
            Path cds = work.resolve("proxy.jsa");
            String made = Procs.run("bash", args.get("cds-script"), args.get("proxy-jar"), cds.toString());
            if (!Files.exists(cds)) {
                throw new IllegalStateException("cds-archive.sh wrote no archive: " + made);
            }
            startProxy(procs, work, admin, "-XX:SharedArchiveFile=" + cds, "proxy_startup_to_ready_appcds_s");

            List<Conn.Target> paths = List.of(new Conn.Target("direct", mtls, false),
                    new Conn.Target("haproxy", hap, false), acePath);
            Scenarios sc = new Scenarios(leaf, ace, procs);
            for (Conn.Target t : paths) { // sanity: each path accepts a connection
                try (Conn c = Conn.connect(t, leaf, ace, "sanity-" + t.name())) {
                    meta.put("tls_suite_" + t.name(), "0x" + Integer.toHexString(c.client.negotiatedSuite));
                    meta.put("receive_maximum_" + t.name(), String.valueOf(c.receiveMaximum));
                    c.disconnect();
                }
            }
            collectMeta(procs);
            log("processes: " + procs.pids + " ports: plain=" + plain + " direct=" + mtls + " haproxy=" + hap
                    + " ace=" + acePort);

            int[][] tput = {{0, 64}, {0, 4096}, {1, 64}, {1, 4096}};
            if (mode.equals("expiry")) {
                expiry(paths.get(2), leaf, ace, Integer.parseInt(args.getOrDefault("connections", "1000")), out);
                return;
            }
            if (mode.equals("memory")) { // idle connections on ace only, with the proxy's class histogram at the top
                int n = Integer.parseInt(args.getOrDefault("connections", "2000"));
                MemoryProbe probe = new MemoryProbe(procs, admin);
                probe.histogram = out.resolve("memory-histogram.txt");
                probe.heapDump = args.containsKey("heap-dump") ? Path.of(args.get("heap-dump")) : null;
                record("idle_memory", paths.get(2), 0, sc.idleMemory(paths.get(2), new int[] {n}, probe));
                Files.createDirectories(out.resolve("memory"));
                new Report(meta, rows).write(out.resolve("memory"), false);
                return;
            }
            if (mode.equals("upstream-tls")) {
                upstreamTls(sc, paths, procs, work, mtls, out, reps, tputSec);
                return;
            }
            if (mode.equals("syscalls")) {
                syscalls(sc, paths, procs.pids.get("mosquitto"), out);
                return;
            }
            if (mode.equals("profile")) {
                warmUp(sc, List.of(paths.get(2)), procs.pids.get("ace"), false);
                profile(sc, paths.get(2), procs.pids.get("ace"), work, out);
                return;
            }
            warmUp(sc, paths, procs.pids.get("ace"), smoke);
            for (int[] s : tput) {
                String name = "tput_q" + s[0] + "_" + s[1] + "B";
                for (int rep = 0; rep < reps; rep++) {
                    for (Conn.Target t : paths) {
                        record(name, t, rep, sc.throughput(t, s[0], s[1], tputSec));
                    }
                }
            }
            for (int rep = 0; rep < reps; rep++) {
                for (Conn.Target t : paths) {
                    record("fanout_1x50_q0_64B", t, rep, sc.flow(t, 1, smoke ? 5 : 50, 0, 64, tputSec));
                }
            }
            for (int rep = 0; rep < reps; rep++) {
                for (Conn.Target t : paths) {
                    record("fanin_200x1_q1_64B", t, rep, sc.flow(t, smoke ? 20 : 200, 1, 1, 64, tputSec));
                }
            }
            for (int rep = 0; rep < reps; rep++) {
                for (Conn.Target t : paths) {
                    record("latency_q0_64B_1000ps", t, rep, sc.latency(t, 1000, latSec));
                }
            }
            for (int threads : new int[] {1, 2}) {
                for (int rep = 0; rep < reps; rep++) {
                    for (Conn.Target t : paths) {
                        record("connect_" + threads + "thr", t, rep, sc.connectionRate(t, threads, connSec));
                    }
                }
            }
            int[] idle = smoke ? new int[] {100, 200} : new int[] {1_000, IDLE_MAX};
            meta.put("idle_connections_max", idle[1] + " (the proxy holds 2 fds per connection; hard fd limit "
                    + Procs.run("sh", "-c", "ulimit -Hn").trim() + ")");
            MemoryProbe probe = new MemoryProbe(procs, admin);
            for (Conn.Target t : paths) {
                record("idle_memory", t, 0, sc.idleMemory(t, idle, probe));
            }
        }
        new Report(meta, rows).write(out, smoke);
        log("wrote " + out.resolve("latest.md") + " and latest.json");
    }

    /** 9,900: 10,000 would need 20,000 fds for the proxy's two legs plus its own, over this machine's hard limit. */
    private static final int IDLE_MAX = 9_900;

    /**
     * Runs every scenario briefly on every path, round after round, until the JIT compiler threads of the proxy and
     * of the load client have gone quiet (under 5 % of a core during a round; at most 100 s). On 2 cores a C2
     * compiler still busy with BouncyCastle's handshake maths takes CPU from the paths under test, which measured the
     * proxy's warm-up rather than its steady state (profile: 6 s of 12 s proxy CPU in C2 during connects).
     */
    private void warmUp(Scenarios sc, List<Conn.Target> paths, long proxyPid, boolean smoke) throws Exception {
        // (--warmup-max-seconds bounds it; default 100)
        long self = ProcessHandle.current().pid(), t0 = System.nanoTime();
        double each = smoke ? 0.2 : 0.5;
        int rounds = 0;
        double proxyShare, clientShare;
        do {
            double p0 = compilerCpu(proxyPid), c0 = compilerCpu(self);
            long r0 = System.nanoTime();
            for (Conn.Target t : paths) {
                for (int[] s : new int[][] {{0, 64}, {0, 4096}, {1, 64}, {1, 4096}}) {
                    sc.throughput(t, s[0], s[1], each);
                }
                sc.flow(t, 1, 10, 0, 64, each);
                sc.flow(t, 20, 1, 1, 64, each);
                sc.connectionRate(t, 2, 2 * each);
            }
            double wall = (System.nanoTime() - r0) / 1e9;
            proxyShare = (compilerCpu(proxyPid) - p0) / wall;
            clientShare = (compilerCpu(self) - c0) / wall;
            rounds++;
            log(String.format(Locale.ROOT, "warm-up round %d: JIT compiler CPU share proxy %.3f, client %.3f",
                    rounds, proxyShare, clientShare));
        } while (!smoke && (proxyShare > 0.05 || clientShare > 0.05)
                && System.nanoTime() - t0 < Double.parseDouble(args.getOrDefault("warmup-max-seconds", "100")) * 1e9);
        meta.put("warmup", String.format(Locale.ROOT, "%d rounds, %.0f s; JIT compiler CPU share in the last round: "
                + "proxy %.3f, client %.3f", rounds, (System.nanoTime() - t0) / 1e9, proxyShare, clientShare));
    }

    private static double compilerCpu(long pid) {
        return Procs.threadCpu(pid).entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** RSS of Mosquitto and of the path's middle process; for ace also heap after a full GC and Netty's direct memory. */
    private static final class MemoryProbe implements Scenarios.MemoryProbe {
        private final Procs procs;
        private final int admin;
        /** Where to write the proxy's class histogram (with connections open), or null. */
        Path histogram;
        private int histograms;
        /** Where to write a heap dump of the proxy with the connections open (memory mode, --heap-dump), or null. */
        Path heapDump;

        MemoryProbe(Procs procs, int admin) {
            this.procs = procs;
            this.admin = admin;
        }

        @Override
        public Map<String, Double> measure(Conn.Target t) throws Exception {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("rss_bytes_mosquitto", Procs.rssKiB(procs.pids.get("mosquitto")) * 1024.0);
            if (t.name().equals("direct")) {
                return m;
            }
            long pid = procs.pids.get(t.name());
            if (t.name().equals("ace")) {
                Procs.run("jcmd", String.valueOf(pid), "GC.run");
                Thread.sleep(500);
                String metrics = httpGet("http://127.0.0.1:" + admin + "/metrics");
                m.put("heap_bytes_ace", sum(metrics, "jvm_memory_used_bytes{area=\"heap\""));
                m.put("direct_bytes_ace", sum(metrics, "ace_proxy_netty_direct_memory_used_bytes"));
                if (histogram != null) {
                    Path file = histogram.resolveSibling(histogram.getFileName() + "." + histograms++);
                    Files.writeString(file, Procs.run("jcmd", String.valueOf(pid), "GC.class_histogram")
                            .lines().collect(java.util.stream.Collectors.joining("\n")) + "\n");
                    if (heapDump != null) {
                        log(Procs.run("jcmd", String.valueOf(pid), "GC.heap_dump",
                                heapDump + "." + (histograms - 1)).trim());
                    }
                }
            }
            m.put("rss_bytes_" + t.name(), Procs.rssKiB(pid) * 1024.0);
            return m;
        }

        private static double sum(String metrics, String prefix) {
            return metrics.lines().filter(l -> l.startsWith(prefix))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        }
    }

    private void record(String scenario, Conn.Target t, int rep, Map<String, Double> m) {
        rows.add(new Row(scenario, t.name(), rep, m));
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(' ').append(k).append('=').append(String.format(Locale.ROOT, "%.4g", v)));
        log(scenario + " " + t.name() + " #" + rep + ":" + sb);
    }

    /**
     * Issue 5: {@code n} authenticated connections whose tokens all expire at the same second; how long after {@code exp}
     * each gets its DISCONNECT 0x87 (the proxy's per-connection expiry timer).
     */
    private void expiry(Conn.Target ace, byte[] leaf, AceToken issuer, int n, Path out) throws Exception {
        long exp = System.currentTimeMillis() / 1000 + 20 + n / 50;
        List<Conn> conns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            conns.add(Conn.connect(ace, leaf, issuer.expiringAt(exp), "expiry-" + i));
        }
        log("expiry: " + n + " connections open, tokens expire at " + Instant.ofEpochSecond(exp));
        long[] lateMillis = new long[n];
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            Thread reader = new Thread(() -> {
                try {
                    int type = conns.get(index).reader.next();
                    lateMillis[index] = type == Mqtt.DISCONNECT ? System.currentTimeMillis() - exp * 1000 : Long.MAX_VALUE;
                } catch (Exception e) {
                    lateMillis[index] = Long.MAX_VALUE;
                }
                done.countDown();
            });
            reader.setDaemon(true);
            reader.start();
        }
        done.await(exp * 1000 - System.currentTimeMillis() + 60_000, java.util.concurrent.TimeUnit.MILLISECONDS);
        long[] sorted = lateMillis.clone();
        Arrays.sort(sorted);
        long missing = Arrays.stream(sorted).filter(v -> v == Long.MAX_VALUE).count();
        String line = String.format(Locale.ROOT, "%d connections expiring at once: DISCONNECT 0x87 after exp p50 %d ms, "
                + "p99 %d ms, max %d ms; %d without a DISCONNECT", n, sorted[n / 2], sorted[(int) (n * 0.99) - 1],
                sorted[n - 1 - (int) missing], missing);
        log(line);
        Files.writeString(out.resolve("expiry.txt"), "# bench/run.sh expiry (" + Instant.now() + ")\n" + line + "\n");
        conns.forEach(Conn::closeQuietly);
    }

    private void profile(Scenarios sc, Conn.Target ace, long pid, Path work, Path out) throws Exception {
        double secs = Double.parseDouble(args.getOrDefault("profile-seconds", "10"));
        log("profile: JFR on the proxy during QoS 0 64 B and 4 KiB, fan-out and connection set-up (2 threads)");
        Map<String, Double> m = jfr(pid, work, out, "q0-64", () -> sc.throughput(ace, 0, 64, secs));
        log("profiled QoS 0 64 B: " + m);
        m = jfr(pid, work, out, "q0-4096", () -> sc.throughput(ace, 0, 4096, secs));
        log("profiled QoS 0 4 KiB: " + m);
        m = jfr(pid, work, out, "fanout", () -> sc.flow(ace, 1, 50, 0, 64, secs));
        log("profiled fan-out 1 -> 50: " + m);
        m = jfr(pid, work, out, "connect", () -> sc.connectionRate(ace, 2, secs));
        log("profiled connect: " + m);
    }

    /**
     * Why a proxied path costs Mosquitto more CPU per message than its own TLS listener: its system calls per delivered
     * message during QoS 0 64 B on each path, counted with {@code strace -c} attached to the broker.
     */
    private void syscalls(Scenarios sc, List<Conn.Target> paths, long mosquitto, Path out) throws Exception {
        StringBuilder report = new StringBuilder("# Mosquitto system calls per delivered message, QoS 0 64 B, 1 -> 1, "
                + "publisher at full speed for 0.3 s, strace -c -f on the broker (" + Instant.now() + ")\n"
                + "# (msg/s are under strace and mean nothing; the calls per message are the point)\n");
        for (Conn.Target t : paths) {
            sc.throughput(t, 0, 64, 1); // warm
            Path trace = out.resolve("strace-" + t.name() + ".txt");
            Process strace = new ProcessBuilder("strace", "-c", "-f", "-o", trace.toString(), "-p",
                    String.valueOf(mosquitto)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            Thread.sleep(500);
            Map<String, Double> m = sc.throughput(t, 0, 64, 0.3); // strace slows the broker ~50x: keep the drain short
            strace.destroy(); // SIGTERM: strace detaches and writes its summary
            strace.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            double msgs = m.get("received");
            report.append(String.format(Locale.ROOT, "%n## %s: %.0f msg/s, %.0f messages%n", t.name(),
                    m.get("msgs_per_s"), msgs));
            for (String line : Files.readAllLines(trace)) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 5 && f[f.length - 1].matches("read|write|readv|writev|recvfrom|sendto|epoll_wait|epoll_ctl|rt_sigprocmask")) {
                    long calls = Long.parseLong(f[3]);
                    report.append(String.format(Locale.ROOT, "  %-10s %10d calls  %6.2f per message%n",
                            f[f.length - 1], calls, calls / msgs));
                }
            }
        }
        Files.writeString(out.resolve("syscalls.txt"), report.toString());
        log(report.toString());
    }

    /**
     * Not one of the issue's three paths: the proxy with a TLS upstream leg to Mosquitto's own TLS listener (netty's
     * OpenSSL client), next to direct and ace. Tests whether Mosquitto's extra system calls on a plain socket
     * (syscalls mode) are what keeps the proxied paths below direct: behind OpenSSL it reads whole records.
     */
    private void upstreamTls(Scenarios sc, List<Conn.Target> paths, Procs procs, Path work, int mosquittoTls, Path out,
            int reps, double seconds) throws Exception {
        int port = Procs.freePort(), admin = Procs.freePort();
        Path config = work.resolve("config-tls-upstream.json");
        Files.writeString(config, Files.readString(work.resolve("config.json"))
                .replaceFirst("\"port\": \\d+,", "\"port\": " + port + ",")
                .replaceFirst("\"upstream\": \\{[^}]*}", "\"upstream\": {\"host\": \"127.0.0.1\", \"port\": " + mosquittoTls
                        + ", \"tls\": {\"trustStore\": \"certs/server.crt\", \"serverName\": \"localhost\"}}")
                .replaceFirst("\"admin\": \\{[^}]*}", "\"admin\": {\"host\": \"127.0.0.1\", \"port\": " + admin + "}"));
        startProxy(procs, work, "ace-tls-upstream", config, admin, "-Xshare:auto", "startup_tls_upstream");
        List<Conn.Target> three = List.of(paths.get(0), paths.get(2), new Conn.Target("ace-tls-upstream", port, true));
        warmUp(sc, three, procs.pids.get("ace-tls-upstream"), false);
        StringBuilder md = new StringBuilder("# ace with a TLS upstream leg (not one of the issue's paths)\n\n"
                + "Same run, interleaved, median of " + reps + " (" + Instant.now() + "). ace-tls-upstream = client → "
                + "ace-mqtt-proxy (TLS 1.3) → Mosquitto's TLS 1.3 listener (netty OpenSSL client on the upstream leg).\n\n"
                + "| scenario | direct msg/s | ace msg/s | ace-tls-upstream msg/s | ace/direct | ace-tls-upstream/direct "
                + "| mosquitto µs/msg d/a/t | proxy µs/msg a/t |\n|---|---|---|---|---|---|---|---|\n");
        for (int[] s : new int[][] {{0, 64}, {0, 4096}, {1, 64}, {1, 4096}}) {
            Map<String, List<Map<String, Double>>> runs = new LinkedHashMap<>();
            for (int rep = 0; rep < reps; rep++) {
                for (Conn.Target t : three) {
                    runs.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(sc.throughput(t, s[0], s[1], seconds));
                }
            }
            double d = median(runs.get("direct"), "msgs_per_s"), a = median(runs.get("ace"), "msgs_per_s"),
                    u = median(runs.get("ace-tls-upstream"), "msgs_per_s");
            md.append(String.format(Locale.ROOT, "| q%d %d B | %,.0f | %,.0f | %,.0f | %.2f | %.2f | %.2f / %.2f / %.2f "
                    + "| %.2f / %.2f |%n", s[0], s[1], d, a, u, a / d, u / d,
                    perMsg(runs.get("direct"), "cpu_s_mosquitto"), perMsg(runs.get("ace"), "cpu_s_mosquitto"),
                    perMsg(runs.get("ace-tls-upstream"), "cpu_s_mosquitto"), perMsg(runs.get("ace"), "cpu_s_ace"),
                    perMsg(runs.get("ace-tls-upstream"), "cpu_s_ace-tls-upstream")));
            log(md.substring(md.lastIndexOf("| q")));
        }
        Files.writeString(out.resolve("upstream-tls.md"), md.toString());
    }

    private static double median(List<Map<String, Double>> runs, String key) {
        double[] xs = runs.stream().mapToDouble(m -> m.get(key)).sorted().toArray();
        return xs.length % 2 == 1 ? xs[xs.length / 2] : (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2;
    }

    /** Median over the runs of CPU seconds per received message, in µs. */
    private static double perMsg(List<Map<String, Double>> runs, String cpuKey) {
        double[] xs = runs.stream().mapToDouble(m -> m.getOrDefault(cpuKey, Double.NaN) * 1e6 / m.get("received"))
                .sorted().toArray();
        return xs.length % 2 == 1 ? xs[xs.length / 2] : (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2;
    }

    interface Run {
        Map<String, Double> run() throws Exception;
    }

    private Map<String, Double> jfr(long pid, Path work, Path out, String name, Run r) throws Exception {
        Path jfr = work.resolve("proxy-" + name + ".jfr");
        log(Procs.run("jcmd", String.valueOf(pid), "JFR.start", "name=" + name, "settings=profile").trim());
        Map<String, Double> threads0 = Procs.threadCpu(pid);
        Map<String, Double> m = r.run();
        Map<String, Double> threads1 = Procs.threadCpu(pid);
        log(Procs.run("jcmd", String.valueOf(pid), "JFR.stop", "name=" + name, "filename=" + jfr).trim());
        Thread.sleep(300);
        StringBuilder byThread = new StringBuilder("== proxy CPU seconds by thread (from /proc, JFR included) ==\n");
        threads1.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - threads0.getOrDefault(e.getKey(), 0.0)))
                .filter(e -> e.getValue() >= 0.01)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> byThread.append(String.format(Locale.ROOT, "  %7.2f  %s%n", e.getValue(), e.getKey())));
        Files.writeString(out.resolve("profile-" + name + ".txt"), "Scenario " + name + ": " + m + "\n\n"
                + byThread + "\n" + JfrTop.summarize(jfr, 30));
        log("wrote " + out.resolve("profile-" + name + ".txt"));
        return m;
    }

    private void collectMeta(Procs procs) {
        meta.put("date", Instant.now().toString());
        meta.put("cpus", String.valueOf(Runtime.getRuntime().availableProcessors()));
        meta.put("kernel", Procs.run("uname", "-r").trim());
        meta.put("mosquitto", Procs.run("mosquitto", "-h").lines().findFirst().orElse("?").trim());
        meta.put("haproxy", Procs.run("haproxy", "-v").lines().findFirst().orElse("?").trim());
        meta.put("java", System.getProperty("java.vm.version"));
        meta.put("load_client", "one JVM; BouncyCastle TlsClientProtocol (TLS 1.3, TLS_AES_128_GCM_SHA256, JDK AES-GCM "
                + "records) on all three paths; pre-encoded packets, 32 KiB write buffer, one reader thread per conn");
    }

    private static String httpGet(String url) throws java.io.IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(2_000);
        c.setReadTimeout(10_000);
        try (var in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Starts the proxy with {@code jvmFlag} (plus --proxy-jvm) and records its start-up-to-ready time as {@code key}. */
    private Process startProxy(Procs procs, Path work, int admin, String jvmFlag, String key) throws Exception {
        return startProxy(procs, work, "ace", work.resolve("config.json"), admin, jvmFlag, key);
    }

    private Process startProxy(Procs procs, Path work, String name, Path config, int admin, String jvmFlag, String key)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of("java", jvmFlag));
        cmd.addAll(Arrays.asList(args.getOrDefault("proxy-jvm", "").split(" +")));
        cmd.removeIf(String::isBlank);
        cmd.addAll(List.of("-jar", args.get("proxy-jar"), "run", "--config", config.toString()));
        long t0 = System.nanoTime();
        Process px = procs.start(name, work, work.resolve("logs/proxy-" + key + ".log"), cmd);
        awaitReady(admin, px);
        meta.put(key, String.format(Locale.ROOT, "%.2f", (System.nanoTime() - t0) / 1e9));
        return px;
    }

    private static void awaitReady(int admin, Process px) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + admin + "/health/ready")
                        .toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(500);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not yet
            }
            if (!px.isAlive()) {
                throw new IllegalStateException("proxy exited with " + px.exitValue());
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("proxy not ready");
            }
            Thread.sleep(20);
        }
    }

    static void log(String s) {
        System.out.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + s);
        System.out.flush();
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}

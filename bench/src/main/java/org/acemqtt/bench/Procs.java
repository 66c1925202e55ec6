package org.acemqtt.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;

/** The processes under test, started fresh on free loopback ports, and their CPU time from /proc. */
final class Procs implements AutoCloseable {
    private final List<Process> started = new ArrayList<>();
    final Map<String, Long> pids = new LinkedHashMap<>();
    private static final long CLK_TCK = clkTck();

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    Process start(String name, Path dir, Path log, List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Process p = pb.start();
        started.add(p);
        pids.put(name, p.pid());
        return p;
    }

    static void awaitPort(String name, int port, Process p, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + p.exitValue());
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(name + " did not listen on " + port);
                }
                Thread.sleep(50);
            }
        }
    }

    /** CPU seconds (user + system) of each process, this JVM included as "client". */
    Map<String, Double> cpu() {
        Map<String, Double> m = new LinkedHashMap<>();
        pids.forEach((k, pid) -> m.put(k, cpuSeconds(pid)));
        m.put("client", cpuSeconds(ProcessHandle.current().pid()));
        return m;
    }

    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields after ")": state(3) ... utime(14) stime(15) => indexes 11, 12
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLK_TCK;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /**
     * CPU seconds of every thread of {@code pid}, summed by thread name with digits folded ("vert.x-eventloop-thread-#"),
     * so a profile can say whether the time went to event loops, JIT compiler threads or GC threads.
     */
    static Map<String, Double> threadCpu(long pid) {
        Map<String, Double> m = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    m.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLK_TCK, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended between list and read
                }
            }
        } catch (IOException e) {
            // process gone
        }
        return m;
    }

    /** Resident set size in KiB. */
    static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return -1;
    }

    private static long clkTck() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            return Long.parseLong(new String(p.getInputStream().readAllBytes()).trim());
        } catch (Exception e) {
            return 100;
        }
    }

    static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            return out;
        } catch (Exception e) {
            return "(" + e + ")";
        }
    }

    @Override
    public void close() {
        for (Process p : started) {
            p.destroy();
        }
        for (Process p : started) {
            try {
                if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
    }
}

package org.acemqtt.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarizes a JFR recording's execution samples (JDK 17 has no {@code jfr view}): top methods by self time, top by
 * inclusive time, grouped by package-level "component", plus allocation by class.
 */
public final class JfrTop {
    public static void main(String[] args) throws Exception {
        System.out.print(summarize(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 30));
    }

    static String summarize(Path file, int top) throws Exception {
        Map<String, Integer> self = new HashMap<>(), incl = new HashMap<>(), comp = new HashMap<>();
        Map<String, Long> alloc = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                RecordedStackTrace st = e.getStackTrace();
                if (st == null || st.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = st.getFrames();
                self.merge(name(frames.get(0)), 1, Integer::sum);
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (RecordedFrame f : frames) {
                    String n = name(f);
                    if (seen.add(n)) {
                        incl.merge(n, 1, Integer::sum);
                    }
                }
                comp.merge(component(frames), 1, Integer::sum);
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                alloc.merge(e.getClass("objectClass").getName(), e.getLong("weight"), Long::sum);
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("JFR execution samples: ").append(samples).append(" (").append(file.getFileName()).append(")\n");
        sb.append("\n== by component (leaf frame's package family; JIT-inlined frames count as their own method) ==\n");
        append(sb, comp, samples, top);
        sb.append("\n== top methods, self ==\n");
        append(sb, self, samples, top);
        sb.append("\n== top methods, inclusive ==\n");
        append(sb, incl, samples, top);
        long totalAlloc = alloc.values().stream().mapToLong(Long::longValue).sum();
        sb.append("\n== allocation samples by class (weight, MB) total ")
                .append(String.format(Locale.ROOT, "%.1f", totalAlloc / 1e6)).append(" MB ==\n");
        alloc.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(15)
                .forEach(en -> sb.append(String.format(Locale.ROOT, "%8.1f  %s%n", en.getValue() / 1e6, en.getKey())));
        return sb.toString();
    }

    private static void append(StringBuilder sb, Map<String, Integer> m, int samples, int top) {
        m.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(en -> sb.append(String.format(Locale.ROOT, "%6.1f%%  %s%n", 100.0 * en.getValue() / samples,
                        en.getKey())));
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    /** A coarse bucket for the sample: the first frame (from the leaf) in a known family. */
    private static String component(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String c = f.getMethod().getType().getName();
            if (c.startsWith("com.sun.crypto") || c.startsWith("javax.crypto") || c.startsWith("sun.security")) {
                return "JDK crypto (AES-GCM)";
            }
            if (c.startsWith("org.bouncycastle.tls")) {
                return "BC TLS record layer";
            }
            if (c.startsWith("org.bouncycastle")) {
                return "BC crypto";
            }
            if (c.startsWith("io.netty.handler.codec.mqtt")) {
                return "netty MQTT codec";
            }
            if (c.startsWith("org.acemqtt.proxy.scope")) {
                return "AIF scope check";
            }
            if (c.startsWith("org.acemqtt.proxy.tls")) {
                return "proxy TLS glue";
            }
            if (c.startsWith("org.acemqtt.proxy")) {
                return "proxy relay/other";
            }
            if (c.startsWith("sun.nio.ch") || c.startsWith("java.nio") || c.startsWith("io.netty.channel")) {
                return "socket I/O + netty channel";
            }
            if (c.startsWith("io.netty.buffer") || c.startsWith("io.netty.util")) {
                return "netty buffers/util";
            }
            if (c.startsWith("io.micrometer")) {
                return "metrics";
            }
        }
        return "other: " + frames.get(0).getMethod().getType().getName();
    }
}

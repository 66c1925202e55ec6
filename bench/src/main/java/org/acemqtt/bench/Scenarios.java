package org.acemqtt.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/** The measurements. Each returns a flat metric map for one run on one path. */
final class Scenarios {
    private final byte[] leaf;
    private final AceToken ace;
    private final Procs procs;
    private static final AtomicLong IDS = new AtomicLong();

    Scenarios(byte[] leaf, AceToken ace, Procs procs) {
        this.leaf = leaf;
        this.ace = ace;
        this.procs = procs;
    }

    private Conn connect(Conn.Target t, String role) throws IOException {
        return Conn.connect(t, leaf, ace, role + "-" + IDS.incrementAndGet());
    }

    private static Thread daemon(String name, Runnable r) {
        Thread th = new Thread(r, name);
        th.setDaemon(true);
        th.start();
        return th;
    }

    private void cpuDelta(Map<String, Double> m, Map<String, Double> before, Map<String, Double> after) {
        before.forEach((k, v) -> m.put("cpu_s_" + k, after.get(k) - v));
    }

    /** 1 publisher → 1 subscriber at full speed for {@code seconds}; QoS 1 respects the CONNACK Receive Maximum. */
    Map<String, Double> throughput(Conn.Target t, int qos, int size, double seconds) throws Exception {
        String topic = "bench/" + IDS.incrementAndGet() + "/data";
        Conn sub = connect(t, "sub");
        sub.subscribe(topic, qos);
        Conn pub = connect(t, "pub");
        AtomicLong received = new AtomicLong();
        AtomicLong lastRecv = new AtomicLong();
        AtomicReference<String> error = new AtomicReference<>();
        Thread subReader = daemon("sub-reader", () -> {
            Mqtt.Reader r = sub.reader;
            byte[] ack = new byte[4];
            try {
                int type;
                while ((type = r.next()) >= 0) {
                    if (type == Mqtt.PUBLISH) {
                        received.incrementAndGet();
                        int q = r.header >> 1 & 3;
                        if (q == 1) {
                            Mqtt.puback(ack, 0, r.u16(r.publishAfterTopic()));
                            sub.put(ack);
                        }
                        if (!r.hasBuffered()) {
                            lastRecv.set(System.nanoTime());
                            sub.flush();
                        }
                    } else if (type == Mqtt.DISCONNECT) {
                        error.compareAndSet(null, "subscriber got DISCONNECT");
                        return;
                    }
                }
            } catch (IOException e) {
                // closed at the end
            }
        });
        int window = Math.max(1, pub.receiveMaximum);
        Semaphore permits = new Semaphore(window);
        AtomicLong acked = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        Thread pubReader = daemon("pub-reader", () -> {
            Mqtt.Reader r = pub.reader;
            try {
                int type;
                while ((type = r.next()) >= 0) {
                    if (type == Mqtt.PUBACK) {
                        if (r.bodyLen > 2 && r.u8(r.bodyOff + 2) >= 0x80) {
                            refused.incrementAndGet();
                        }
                        acked.incrementAndGet();
                        permits.release();
                    } else if (type == Mqtt.DISCONNECT) {
                        error.compareAndSet(null, "publisher got DISCONNECT");
                        permits.release(window);
                        return;
                    }
                }
            } catch (IOException e) {
                // closed at the end
            }
        });
        byte[] payload = new byte[size];
        Arrays.fill(payload, (byte) 'x');
        byte[] pkt = Mqtt.publish(topic, qos, payload);
        int idAt = Mqtt.publishIdOffset(pkt);
        Map<String, Double> cpu0 = procs.cpu();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long sent = 0;
        if (qos == 0) {
            while (System.nanoTime() < end) {
                for (int i = 0; i < 64; i++) {
                    pub.put(pkt);
                }
                sent += 64;
            }
        } else {
            int id = 0;
            while (System.nanoTime() < end && error.get() == null) {
                if (!permits.tryAcquire()) {
                    pub.flush();
                    permits.acquire();
                }
                id = id == 65_535 ? 1 : id + 1;
                pkt[idAt] = (byte) (id >> 8);
                pkt[idAt + 1] = (byte) id;
                pub.put(pkt);
                sent++;
            }
        }
        pub.flush();
        long sendEnd = System.nanoTime();
        long last = -1, lastChange = System.nanoTime();
        while (true) {
            long now = received.get() + acked.get();
            if (received.get() >= sent && (qos == 0 || acked.get() >= sent)) {
                break;
            }
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > 1_500_000_000L) {
                break;
            }
            Thread.sleep(5);
        }
        Map<String, Double> cpu1 = procs.cpu();
        pub.disconnect();
        sub.disconnect();
        pubReader.join(2000);
        subReader.join(2000);
        long got = received.get();
        double elapsed = (Math.max(lastRecv.get(), sendEnd) - start) / 1e9;
        if (lastRecv.get() > 0 && got >= sent) {
            elapsed = (lastRecv.get() - start) / 1e9;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("msgs_per_s", got / elapsed);
        m.put("sent", (double) sent);
        m.put("received", (double) got);
        m.put("lost", (double) Math.max(0, sent - got));
        m.put("refused", (double) refused.get());
        m.put("window", (double) (qos == 0 ? 0 : window));
        m.put("seconds", elapsed);
        cpuDelta(m, cpu0, cpu1);
        if (error.get() != null) {
            throw new IOException(t.name() + ": " + error.get());
        }
        return m;
    }

    /**
     * Publish→receive latency, QoS 0, 64 B, at a fixed {@code rate}: message i is due at t0 + i/rate and carries that
     * due time, so a late sender shows up as latency (no coordinated omission). The first second is not counted.
     */
    Map<String, Double> latency(Conn.Target t, int rate, double seconds) throws Exception {
        String topic = "bench/lat/" + IDS.incrementAndGet();
        Conn sub = connect(t, "lsub");
        sub.subscribe(topic, 0);
        Conn pub = connect(t, "lpub");
        int total = (int) ((seconds + 1) * rate);
        int warm = rate;
        long[] lat = new long[total];
        Arrays.fill(lat, -1);
        AtomicLong received = new AtomicLong();
        Thread subReader = daemon("lat-reader", () -> {
            Mqtt.Reader r = sub.reader;
            try {
                int type;
                while ((type = r.next()) >= 0) {
                    if (type == Mqtt.PUBLISH) {
                        long now = System.nanoTime();
                        int p = r.publishPayload(r.header >> 1 & 3);
                        long due = r.i64(p);
                        int seq = (int) r.i64(p + 8);
                        if (seq >= 0 && seq < lat.length) {
                            lat[seq] = now - due;
                        }
                        received.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                // closed at the end
            }
        });
        byte[] pkt = Mqtt.publish(topic, 0, new byte[64]);
        int po = Mqtt.publishPayloadOffset(pkt, 0);
        long period = 1_000_000_000L / rate;
        Map<String, Double> cpu0 = procs.cpu();
        long t0 = System.nanoTime() + 5_000_000;
        for (int i = 0; i < total; i++) {
            long due = t0 + i * period;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                if (wait > 120_000) {
                    LockSupport.parkNanos(wait - 100_000);
                } else {
                    Thread.onSpinWait();
                }
            }
            putLong(pkt, po, due);
            putLong(pkt, po + 8, i);
            pub.put(pkt);
            pub.flush();
        }
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (received.get() < total && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Map<String, Double> cpu1 = procs.cpu();
        pub.disconnect();
        sub.disconnect();
        subReader.join(2000);
        long[] xs = Arrays.stream(lat, warm, total).filter(v -> v >= 0).sorted().toArray();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("p50_us", pct(xs, 0.50));
        m.put("p90_us", pct(xs, 0.90));
        m.put("p99_us", pct(xs, 0.99));
        m.put("p999_us", pct(xs, 0.999));
        m.put("max_us", xs.length == 0 ? Double.NaN : xs[xs.length - 1] / 1e3);
        m.put("samples", (double) xs.length);
        m.put("lost", (double) (total - received.get()));
        cpuDelta(m, cpu0, cpu1);
        return m;
    }

    private static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e3;
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int k = 7; k >= 0; k--) {
            b[at + k] = (byte) v;
            v >>>= 8;
        }
    }

    /** Fresh TLS handshake + CONNECT (+ token and PoP on ace) + CONNACK + DISCONNECT, in a loop on {@code threads}. */
    Map<String, Double> connectionRate(Conn.Target t, int threads, double seconds) throws Exception {
        AtomicLong ok = new AtomicLong(), failed = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        Map<String, Double> cpu0 = procs.cpu();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            ts.add(daemon("connect-" + i, () -> {
                while (System.nanoTime() < end) {
                    try {
                        Conn c = connect(t, "conn");
                        c.disconnect();
                        ok.incrementAndGet();
                    } catch (IOException e) {
                        failed.incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                    }
                }
            }));
        }
        for (Thread th : ts) {
            th.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Map<String, Double> cpu1 = procs.cpu();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("conn_per_s", ok.get() / elapsed);
        m.put("connections", (double) ok.get());
        m.put("failed", (double) failed.get());
        cpuDelta(m, cpu0, cpu1);
        if (firstError.get() != null) {
            System.err.println("  " + t.name() + " connect errors: " + failed.get() + ", first: " + firstError.get());
        }
        return m;
    }
}

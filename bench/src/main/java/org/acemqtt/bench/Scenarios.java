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
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
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
        return flow(t, 1, 1, qos, size, seconds);
    }

    /**
     * {@code pubs} publishers → {@code subs} subscribers of one topic at full speed for {@code seconds}, then drained.
     * Publishers are spread over at most two writer threads (the load client must not need more cores than the
     * paths under test); QoS 1 keeps at most each publisher's CONNACK Receive Maximum in flight and subscribers ack
     * every delivery. Reported: deliveries per second over all subscribers, and lost = sent × subs − received.
     */
    Map<String, Double> flow(Conn.Target t, int pubs, int subs, int qos, int size, double seconds) throws Exception {
        String topic = "bench/" + IDS.incrementAndGet() + "/data";
        List<Conn> subConns = new ArrayList<>();
        List<Conn> pubConns = new ArrayList<>();
        try {
            for (int i = 0; i < subs; i++) {
                Conn sub = connect(t, "sub");
                subConns.add(sub);
                sub.subscribe(topic, qos);
            }
            for (int i = 0; i < pubs; i++) {
                pubConns.add(connect(t, "pub"));
            }
            return flow(t, topic, pubConns, subConns, qos, size, seconds);
        } finally {
            pubConns.forEach(Conn::disconnect);
            subConns.forEach(Conn::disconnect);
        }
    }

    private Map<String, Double> flow(Conn.Target t, String topic, List<Conn> pubConns, List<Conn> subConns, int qos,
            int size, double seconds) throws Exception {
        LongAdder received = new LongAdder();
        AtomicLong lastRecv = new AtomicLong();
        AtomicReference<String> error = new AtomicReference<>();
        List<Thread> readers = new ArrayList<>();
        for (Conn sub : subConns) {
            readers.add(daemon("sub-reader", () -> readDeliveries(sub, received, lastRecv, error)));
        }
        int writers = Math.min(2, pubConns.size());
        Semaphore[] wake = new Semaphore[writers];
        Arrays.setAll(wake, i -> new Semaphore(0));
        Semaphore[] permits = new Semaphore[pubConns.size()];
        LongAdder acked = new LongAdder();
        LongAdder refused = new LongAdder();
        for (int i = 0; i < pubConns.size(); i++) {
            Conn pub = pubConns.get(i);
            permits[i] = new Semaphore(Math.max(1, pub.receiveMaximum));
            Semaphore mine = permits[i], writerWake = wake[i % writers];
            readers.add(daemon("pub-reader", () -> readAcks(pub, mine, writerWake, acked, refused, error)));
        }
        byte[] payload = new byte[size];
        Arrays.fill(payload, (byte) 'x');
        Map<String, Double> cpu0 = procs.cpu();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        LongAdder sent = new LongAdder();
        List<Thread> writerThreads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            List<Conn> mine = new ArrayList<>();
            List<Semaphore> minePermits = new ArrayList<>();
            for (int i = w; i < pubConns.size(); i += writers) {
                mine.add(pubConns.get(i));
                minePermits.add(permits[i]);
            }
            Semaphore myWake = wake[w];
            writerThreads.add(daemon("writer-" + w, () -> {
                try {
                    if (qos == 0) {
                        writeQos0(mine, Mqtt.publish(topic, 0, payload), end, sent,
                                () -> sent.sum() * subConns.size() - received.sum(), MAX_BACKLOG_BYTES / (size + 16));
                    } else {
                        sent.add(writeQos1(mine, minePermits, myWake, topic, payload, end, error));
                    }
                } catch (IOException | InterruptedException e) {
                    error.compareAndSet(null, "writer: " + e);
                }
            }));
        }
        for (Thread th : writerThreads) {
            th.join();
        }
        long sendEnd = System.nanoTime();
        long total = sent.sum(), expected = total * subConns.size();
        long last = -1, lastChange = System.nanoTime();
        while (received.sum() < expected || qos == 1 && acked.sum() < total) {
            long now = received.sum() + acked.sum();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > 1_500_000_000L) {
                break;
            }
            Thread.sleep(5);
        }
        Map<String, Double> cpu1 = procs.cpu();
        long got = received.sum();
        double elapsed = ((got >= expected && lastRecv.get() > 0 ? lastRecv.get() : Math.max(lastRecv.get(), sendEnd))
                - start) / 1e9;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("msgs_per_s", got / elapsed);
        m.put("publishers", (double) pubConns.size());
        m.put("subscribers", (double) subConns.size());
        m.put("sent", (double) total);
        m.put("received", (double) got);
        m.put("lost", (double) Math.max(0, expected - got));
        m.put("refused", (double) refused.sum());
        m.put("window", (double) (qos == 0 ? 0 : pubConns.get(0).receiveMaximum));
        m.put("seconds", elapsed);
        cpuDelta(m, cpu0, cpu1);
        if (error.get() != null) {
            throw new IOException(t.name() + ": " + error.get());
        }
        return m;
    }

    private static void readDeliveries(Conn sub, LongAdder received, AtomicLong lastRecv,
            AtomicReference<String> error) {
        Mqtt.Reader r = sub.reader;
        byte[] ack = new byte[4];
        try {
            int type;
            while ((type = r.next()) >= 0) {
                if (type == Mqtt.PUBLISH) {
                    received.increment();
                    if ((r.header >> 1 & 3) == 1) {
                        Mqtt.puback(ack, 0, r.u16(r.publishAfterTopic()));
                        sub.put(ack);
                    }
                    if (!r.hasBuffered()) { // acks go out once per read batch
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
    }

    private static void readAcks(Conn pub, Semaphore permits, Semaphore writerWake, LongAdder acked,
            LongAdder refused, AtomicReference<String> error) {
        Mqtt.Reader r = pub.reader;
        try {
            int type;
            while ((type = r.next()) >= 0) {
                if (type == Mqtt.PUBACK) {
                    if (r.bodyLen > 2 && r.u8(r.bodyOff + 2) >= 0x80) {
                        refused.increment();
                    }
                    acked.increment();
                    permits.release();
                    writerWake.release();
                } else if (type == Mqtt.DISCONNECT) {
                    error.compareAndSet(null, "publisher got DISCONNECT");
                    permits.release(1 << 20);
                    writerWake.release();
                    return;
                }
            }
        } catch (IOException e) {
            // closed at the end
        }
    }

    /**
     * QoS 0: pre-encoded packets, batches of 64 per publisher (one flush per batch when there are several). The
     * publishers wait while more than {@code maxBacklog} deliveries are owed: otherwise the broker queues without
     * bound and the run measures its drain (1 → 50 had queued 2.5 million deliveries after 3 s and took 48 s).
     */
    private static void writeQos0(List<Conn> pubs, byte[] pkt, long end, LongAdder sent, LongSupplier backlog,
            long maxBacklog) throws IOException {
        while (System.nanoTime() < end) {
            for (Conn pub : pubs) {
                for (int i = 0; i < 64; i++) {
                    pub.put(pkt);
                }
                if (pubs.size() > 1) {
                    pub.flush();
                }
                sent.add(64);
            }
            while (backlog.getAsLong() > maxBacklog && System.nanoTime() < end) {
                for (Conn pub : pubs) {
                    pub.flush();
                }
                LockSupport.parkNanos(20_000);
            }
        }
        for (Conn pub : pubs) {
            pub.flush();
        }
    }

    /** Bytes of deliveries a QoS 0 run may owe before its publishers wait (socket buffers and the broker's queue). */
    private static final long MAX_BACKLOG_BYTES = 8L << 20;

    /** QoS 1: each publisher sends while it holds a Receive Maximum permit; the writer sleeps until a PUBACK. */
    private static long writeQos1(List<Conn> pubs, List<Semaphore> permits, Semaphore wake, String topic,
            byte[] payload, long end, AtomicReference<String> error) throws IOException, InterruptedException {
        byte[][] pkts = new byte[pubs.size()][];
        int[] ids = new int[pubs.size()];
        for (int i = 0; i < pkts.length; i++) {
            pkts[i] = Mqtt.publish(topic, 1, payload);
        }
        int idAt = Mqtt.publishIdOffset(pkts[0]);
        long sent = 0;
        while (System.nanoTime() < end && error.get() == null) {
            wake.drainPermits();
            boolean any = false;
            for (int i = 0; i < pkts.length; i++) {
                Conn pub = pubs.get(i);
                while (permits.get(i).tryAcquire()) {
                    int id = ids[i] = ids[i] == 65_535 ? 1 : ids[i] + 1;
                    pkts[i][idAt] = (byte) (id >> 8);
                    pkts[i][idAt + 1] = (byte) id;
                    pub.put(pkts[i]);
                    sent++;
                    any = true;
                }
                pub.flush();
            }
            if (!any) {
                wake.tryAcquire(1, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }
        for (Conn pub : pubs) {
            pub.flush();
        }
        return sent;
    }

    /**
     * Memory per idle authenticated connection: opens connections (two threads) up to each of {@code counts}, lets
     * them settle, and asks {@code probe} for the processes' memory; figures are deltas over the probe taken before
     * the first connection, divided by the number of connections.
     */
    Map<String, Double> idleMemory(Conn.Target t, int[] counts, MemoryProbe probe) throws Exception {
        Map<String, Double> m = new LinkedHashMap<>();
        List<Conn> conns = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            Map<String, Double> base = probe.measure(t);
            for (int count : counts) {
                AtomicLong next = new AtomicLong(conns.size());
                AtomicReference<IOException> failure = new AtomicReference<>();
                List<Thread> openers = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    openers.add(daemon("idle-opener", () -> {
                        while (next.getAndIncrement() < count && failure.get() == null) {
                            try {
                                conns.add(connect(t, "idle"));
                            } catch (IOException e) {
                                failure.compareAndSet(null, e);
                            }
                        }
                    }));
                }
                for (Thread th : openers) {
                    th.join();
                }
                if (failure.get() != null) {
                    throw new IOException(t.name() + ": opening idle connection " + conns.size(), failure.get());
                }
                Thread.sleep(Long.getLong("hold", 2_000));
                Map<String, Double> now = probe.measure(t);
                m.put("conns_" + count, (double) conns.size());
                now.forEach((k, v) -> m.put(k + "_per_conn_" + count, (v - base.get(k)) / count));
            }
        } finally {
            conns.forEach(Conn::closeQuietly);
        }
        return m;
    }

    /** Memory figures of the processes on one path, in bytes (RSS; on ace also heap after a full GC and direct). */
    interface MemoryProbe {
        Map<String, Double> measure(Conn.Target t) throws Exception;
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

package org.acemqtt.proxy.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto process on a free 127.0.0.1 port with a generated config (PERF.md: {@code set_tcp_nodelay true},
 * a large {@code max_queued_messages}). It can be stopped and started again on the same port, for upstream-down and
 * comes-back tests. Output goes to {@code mosquitto.log} in the given folder, so a full pipe never blocks it.
 */
public final class MosquittoBroker implements UpstreamBroker {
    private static final long START_TIMEOUT_MILLIS = 10_000;
    private final Path dir;
    private final int port;
    private final Path config;
    private final Path log;
    private Process process;

    private MosquittoBroker(Path dir, int port) throws IOException {
        this.dir = dir;
        this.port = port;
        this.config = dir.resolve("mosquitto.conf");
        this.log = dir.resolve("mosquitto.log");
        Files.writeString(config, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "set_tcp_nodelay true",
                "persistence false",
                "max_queued_messages 100000",
                "max_inflight_messages 20",
                "log_dest stdout",
                "log_type error",
                "log_type warning",
                "log_type notice",
                "log_type information",
                ""), StandardCharsets.US_ASCII);
    }

    /** Starts Mosquitto on a free port, writing its config and log into {@code dir}. */
    public static MosquittoBroker start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        MosquittoBroker broker = new MosquittoBroker(dir, freePort());
        broker.startAgain();
        return broker;
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** (Re)starts the process on the same port and waits until it accepts TCP connections. */
    public synchronized void startAgain() throws IOException, InterruptedException {
        if (isRunning()) {
            return;
        }
        process = new ProcessBuilder(binary(), "-c", config.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long until = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < until) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ":\n" + log());
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        stop();
        throw new IllegalStateException("mosquitto did not accept connections on port " + port + " within "
                + START_TIMEOUT_MILLIS + " ms:\n" + log());
    }

    /** Stops the process (SIGTERM, then SIGKILL after 5 s) and waits for it. */
    public synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        process = null;
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** A port that was free a moment ago on 127.0.0.1 (Mosquitto cannot bind port 0 and report it). */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    private static String binary() {
        Path sbin = Path.of("/usr/sbin/mosquitto");
        if (Files.isExecutable(sbin)) {
            return sbin.toString();
        }
        for (String folder : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, "mosquitto"))) {
                return Path.of(folder, "mosquitto").toString();
            }
        }
        throw new IllegalStateException("mosquitto not found at /usr/sbin/mosquitto or on PATH: the integration tests"
                + " need it (Debian: apt-get install -y mosquitto mosquitto-clients; .ci/run installs it)");
    }
}

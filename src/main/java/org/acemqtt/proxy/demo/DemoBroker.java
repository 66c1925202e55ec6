package org.acemqtt.proxy.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A local Mosquitto for the demo, on a free loopback port, if Mosquitto is installed. */
final class DemoBroker implements AutoCloseable {
    private static final List<String> LOCATIONS = List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto");
    private final Process process;
    private final int port;

    private DemoBroker(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static Optional<Path> find() {
        return LOCATIONS.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    static DemoBroker start(Path binary, Path dir) throws IOException, InterruptedException {
        int port = freePort();
        Path conf = dir.resolve("mosquitto.conf");
        // set_tcp_nodelay: without it Mosquitto delays small packets by tens of ms (PERF.md, Nagle).
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\nset_tcp_nodelay true\npersistence false\n");
        Process process = new ProcessBuilder(binary.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        DemoBroker broker = new DemoBroker(process, port);
        for (int i = 0; i < 100; i++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return broker;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(50);
            }
        }
        broker.close();
        throw new IOException("mosquitto did not start; see " + dir.resolve("mosquitto.log"));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
    }
}

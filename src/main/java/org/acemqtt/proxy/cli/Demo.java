package org.acemqtt.proxy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.acemqtt.proxy.config.ConfigException;
import org.acemqtt.proxy.config.ConfigLoader;
import org.acemqtt.proxy.config.LoggingConfig;
import org.acemqtt.proxy.config.ProxyConfig;
import org.acemqtt.proxy.logging.LogSetup;
import org.acemqtt.proxy.relay.ProxyServer;

/**
 * {@code demo}: everything needed to see the proxy work on a fresh machine. Generates a throwaway certificate, starts
 * Mosquitto on a free port (if installed), runs the proxy in front of it with an anonymous scope of {@code demo/#}
 * (RFC 9431 "public topics"), proves a TLS round trip and a refusal, then serves until Ctrl-C
 * ({@code --check-only}: exit after the proof, 0 if it passed).
 */
public final class Demo {
    static final String SCOPE = "[[\"demo/#\",[\"pub\",\"sub\"]]]";

    private Demo() {
    }

    public static int run(CommandLine cli) {
        LogSetup.configure(cli.logFormat().filter("json"::equals).map(f -> LoggingConfig.Format.JSON)
                .orElse(LoggingConfig.Format.TEXT), "info");
        try {
            Path dir = Files.createTempDirectory("ace-mqtt-proxy-demo");
            X509Certificate certificate = DemoCertificates.write(dir);
            Optional<Path> mosquitto = DemoBroker.find();
            DemoBroker broker = mosquitto.isPresent() ? DemoBroker.start(mosquitto.get(), dir) : null;
            int upstreamPort = broker != null ? broker.port() : 1883;
            if (broker == null) {
                System.out.println("demo: Mosquitto is not installed (apt-get install mosquitto); the proxy forwards to"
                        + " 127.0.0.1:1883 and the self-check is skipped.");
            }
            ProxyConfig config = ConfigLoader.load(writeConfig(dir, upstreamPort));
            ProxyServer server = ProxyServer.start(config);
            int port = server.listenerPort(0);
            System.out.println("demo: files in " + dir);
            System.out.println("demo: MQTT over TLS on localhost:" + port + ", metrics on http://127.0.0.1:" + server.adminPort() + "/metrics");
            boolean passed = true;
            if (broker != null) {
                try {
                    System.out.println("demo: self-check passed: " + new DemoCheck(certificate, port).run());
                } catch (Exception e) {
                    passed = false;
                    System.out.println("demo: self-check FAILED: " + e);
                }
            }
            if (cli.checkOnly()) {
                server.stop(java.time.Duration.ofSeconds(2));
                if (broker != null) {
                    broker.close();
                }
                return passed ? 0 : 1;
            }
            System.out.println("demo: try  mosquitto_sub -h localhost -p " + port + " --cafile " + dir.resolve(DemoCertificates.CERTIFICATE)
                    + " -t 'demo/#' -V mqttv5 -v   (Ctrl-C stops the demo)");
            int exit = Serve.untilSignalled(server, config);
            if (broker != null) {
                broker.close();
            }
            return exit;
        } catch (ConfigException e) {
            e.problems().forEach(System.err::println);
            return 2;
        } catch (Exception e) {
            System.err.println("demo: " + e.getMessage());
            return 1;
        }
    }

    private static Path writeConfig(Path dir, int upstreamPort) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ObjectNode listener = root.putArray("listeners").addObject().put("name", "mqtts").put("host", "127.0.0.1")
                .put("port", portOrZero(8883));
        listener.putObject("tls").put("certificate", DemoCertificates.CERTIFICATE).put("privateKey", DemoCertificates.PRIVATE_KEY);
        root.putObject("upstream").put("host", "127.0.0.1").put("port", upstreamPort);
        ObjectNode ace = root.putObject("ace");
        ace.putArray("audience").add("mqtts://localhost");
        ace.set("anonymousScope", json.readTree(SCOPE));
        ace.putObject("asHint").put("AS", "https://as.example.com/token").put("audience", "mqtts://localhost");
        root.putObject("admin").put("host", "127.0.0.1").put("port", portOrZero(9090));
        Path file = dir.resolve("config.json");
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
        return file;
    }

    /** The well-known port if it is free, else 0 (any): the demo must not fail because 8883 is taken. */
    private static int portOrZero(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return port;
        } catch (IOException taken) {
            return 0;
        }
    }
}

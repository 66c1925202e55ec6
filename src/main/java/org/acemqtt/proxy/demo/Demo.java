package org.acemqtt.proxy.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import org.acemqtt.proxy.cli.CommandLine;
import org.acemqtt.proxy.cli.Serve;
import org.acemqtt.proxy.config.ConfigException;
import org.acemqtt.proxy.config.ConfigLoader;
import org.acemqtt.proxy.config.LoggingConfig;
import org.acemqtt.proxy.config.ProxyConfig;
import org.acemqtt.proxy.logging.LogSetup;
import org.acemqtt.proxy.relay.ProxyServer;

/**
 * {@code demo}: everything needed to see the proxy work on a fresh machine. Generates a throwaway certificate and a
 * development issuer key, starts Mosquitto on a free port (if installed), runs the proxy in front of it, and shows the
 * whole RFC 9431 flow with a real client (exporter PoP connect, allowed and denied publish, re-authentication, expiry).
 * Then it serves until Ctrl-C and prints {@code mosquitto_pub}/{@code mosquitto_sub} commands that work against it
 * (TLS-PSK after an {@code authz-info} upload). {@code --check-only}: exit after the proof, 0 if it passed.
 */
public final class Demo {
    static final String SCOPE = "[[\"demo/#\",[\"pub\",\"sub\"]]]";
    static final String ISSUER = "https://dev-issuer.invalid";
    static final String AUDIENCE = "mqtts://localhost";
    static final String JWKS = "dev-issuer.jwks.json";
    static final String PSK_IDENTITY = "demo-psk";

    private Demo() {
    }

    public static int run(CommandLine cli) {
        LogSetup.configure(cli.logFormat().filter("json"::equals).map(f -> LoggingConfig.Format.JSON)
                .orElse(LoggingConfig.Format.TEXT), "info");
        try {
            Path dir = Files.createTempDirectory("ace-mqtt-proxy-demo");
            DemoCertificates.write(dir);
            DevTokenMinter minter = new DevTokenMinter(ISSUER, AUDIENCE, DevTokenMinter.newKey(), "dev-issuer");
            Files.writeString(dir.resolve(JWKS), minter.jwks());
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
                    for (String step : new DemoCheck(dir.resolve(DemoCertificates.CERTIFICATE), port, minter).run()) {
                        System.out.println("demo: ✔ " + step);
                    }
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
            printClientCommands(dir, port, minter);
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

    /** Copy-paste commands: upload a PSK token to authz-info, then subscribe and publish over TLS-PSK with it. */
    private static void printClientCommands(Path dir, int port, DevTokenMinter minter) throws Exception {
        byte[] psk = DevTokenMinter.newKey();
        Path token = dir.resolve("psk-token.cbor");
        Files.write(token, minter.symmetricToken(DemoScopes.cbor(SCOPE), psk, PSK_IDENTITY.getBytes(StandardCharsets.US_ASCII),
                24 * 3600, "demo-psk-device"));
        String hex = HexFormat.of().formatHex(psk);
        String cafile = dir.resolve(DemoCertificates.CERTIFICATE).toString();
        System.out.println("demo: try it with the Mosquitto clients (Ctrl-C stops the demo):");
        System.out.println("  mosquitto_pub -h localhost -p " + port + " --cafile " + cafile + " -V mqttv5 -q 1 -t authz-info -f " + token);
        System.out.println("  mosquitto_sub -h 127.0.0.1 -p " + port + " --psk " + hex + " --psk-identity " + PSK_IDENTITY
                + " -V mqttv5 -t 'demo/#' -v &");
        System.out.println("  mosquitto_pub -h 127.0.0.1 -p " + port + " --psk " + hex + " --psk-identity " + PSK_IDENTITY
                + " -V mqttv5 -q 1 -t demo/hello -m 'hello over TLS-PSK'");
        System.out.println("  mosquitto_pub -h 127.0.0.1 -p " + port + " --psk " + hex + " --psk-identity " + PSK_IDENTITY
                + " -V mqttv5 -q 1 -t secret/x -m refused      # outside the token's scope: Not authorized");
        System.out.println("  java -jar target/ace-mqtt-proxy.jar token inspect @" + token + " --config " + dir.resolve("config.json"));
    }

    private static Path writeConfig(Path dir, int upstreamPort) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ObjectNode listener = root.putArray("listeners").addObject().put("name", "mqtts").put("host", "127.0.0.1")
                .put("port", portOrZero(8883));
        listener.putObject("tls").put("certificate", DemoCertificates.CERTIFICATE).put("privateKey", DemoCertificates.PRIVATE_KEY);
        root.putObject("upstream").put("host", "127.0.0.1").put("port", upstreamPort);
        ObjectNode ace = root.putObject("ace");
        ace.putArray("audience").add(AUDIENCE);
        ace.putArray("issuers").addObject().put("issuer", ISSUER).put("keys", JWKS);
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

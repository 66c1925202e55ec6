package org.acemqtt.proxy.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HiveMQ Community Edition (embedded artifact, run in a child JVM by {@link HiveMqLauncher}) on a free 127.0.0.1 port:
 * the second real upstream of the integration suite (issue 6). HiveMQ CE 2025.5 is built on Netty 4.1.128, which cannot
 * share a class path with Vert.x 5's Netty 4.2.18, so its jars are never on the test class path: the pom copies the
 * artifact and its dependencies into {@code target/hivemq-lib/<version>} (maven-dependency-plugin, phase
 * pre-integration-test) and failsafe passes that folder as {@code -Dhivemq.lib}.
 *
 * <p>The broker runs with HiveMQ's MQTT defaults (Receive Maximum 10, Topic Alias Maximum 5, 1000 queued messages per
 * client, ...) so that the tests see what users see; only in-memory persistence (like Mosquitto's
 * {@code persistence false}), the 127.0.0.1 listener and no usage statistics are configured. Output goes to
 * {@code hivemq.log} in the given folder.
 */
public final class HiveMqBroker implements UpstreamBroker {
    private static final long START_TIMEOUT_MILLIS = 90_000;
    private final Path home;
    private final int port;
    private final Path log;
    private final List<String> command;
    private Process process;

    private HiveMqBroker(Path home, int port) throws IOException {
        this.home = home.toAbsolutePath();
        this.port = port;
        this.log = this.home.resolve("hivemq.log");
        Path conf = this.home.resolve("conf");
        Files.createDirectories(conf);
        Files.createDirectories(this.home.resolve("data"));
        Files.createDirectories(this.home.resolve("extensions"));
        Files.writeString(conf.resolve("config.xml"), String.join("\n",
                "<?xml version=\"1.0\"?>",
                "<hivemq>",
                "    <listeners>",
                "        <tcp-listener>",
                "            <port>" + port + "</port>",
                "            <bind-address>127.0.0.1</bind-address>",
                "        </tcp-listener>",
                "    </listeners>",
                "    <persistence>",
                "        <mode>in-memory</mode>",
                "    </persistence>",
                "    <anonymous-usage-statistics>",
                "        <enabled>false</enabled>",
                "    </anonymous-usage-statistics>",
                "</hivemq>",
                ""), StandardCharsets.UTF_8);
        Files.writeString(conf.resolve("logback.xml"), String.join("\n",
                "<configuration scan=\"false\">",
                "    <appender name=\"CONSOLE\" class=\"ch.qos.logback.core.ConsoleAppender\">",
                "        <encoder><pattern>%d %-5level [%thread] %logger{20} - %msg%n%ex</pattern></encoder>",
                "    </appender>",
                "    <root level=\"INFO\"><appender-ref ref=\"CONSOLE\"/></root>",
                "    <logger name=\"jetbrains.exodus\" level=\"WARN\"/>",
                "    <logger name=\"oshi\" level=\"ERROR\"/>",
                "</configuration>",
                ""), StandardCharsets.UTF_8);
        Path launcherDir = this.home.resolve("launcher");
        copyLauncherClass(launcherDir);
        Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
        command = List.of(javaBinary.toString(),
                // Fast start on two shared cores; HiveMQ's own run script opens the same packages.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms64m", "-Xmx384m",
                "-Djava.net.preferIPv4Stack=true",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--add-opens", "java.base/java.nio=ALL-UNNAMED",
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
                "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
                "-Dhivemq.home=" + this.home,
                "-Djava.io.tmpdir=" + this.home.resolve("data"),
                "-cp", launcherDir + File.pathSeparator + libraryFolder().resolve("*"),
                HiveMqLauncher.class.getName(), this.home.toString());
    }

    /** Starts HiveMQ CE on a free port, with its home (config, data, log) in {@code dir}. */
    public static HiveMqBroker start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        HiveMqBroker broker = new HiveMqBroker(dir, MosquittoBroker.freePort());
        broker.startAgain();
        return broker;
    }

    @Override
    public int port() {
        return port;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** (Re)starts the child JVM on the same port and waits until HiveMQ reports its listener started. */
    @Override
    public synchronized void startAgain() throws IOException, InterruptedException {
        if (isRunning()) {
            return;
        }
        Path ready = home.resolve("ready");
        Files.deleteIfExists(ready);
        // stdin stays a pipe held by this JVM: when it closes (this JVM died), the launcher exits.
        process = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long until = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < until) {
            if (!process.isAlive()) {
                int code = process.exitValue();
                process = null;
                throw new IllegalStateException("HiveMQ's JVM exited with " + code + ":\n" + log());
            }
            if (Files.exists(ready)) {
                return;
            }
            Thread.sleep(50);
        }
        stop();
        throw new IllegalStateException("HiveMQ did not start on port " + port + " within " + START_TIMEOUT_MILLIS
                + " ms:\n" + log());
    }

    /** SIGTERM: HiveMQ's shutdown (v5 clients get DISCONNECT 0x8B), then SIGKILL after 15 s. */
    @Override
    public synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        process = null;
    }

    /** SIGKILL: the broker vanishes without a word, as on a crash or an OOM kill. */
    public synchronized void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
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

    /** {@code -Dhivemq.lib} (set by failsafe), else the single version folder under {@code target/hivemq-lib}. */
    static Path libraryFolder() throws IOException {
        String configured = System.getProperty("hivemq.lib");
        Path folder;
        if (configured != null && !configured.isBlank()) {
            folder = Path.of(configured);
        } else {
            folder = guessLibraryFolder();
        }
        if (folder == null || !Files.isDirectory(folder) || !containsHiveMq(folder)) {
            throw new IllegalStateException("HiveMQ CE jars not found (" + folder + "): run the integration tests"
                    + " with `mvn verify` (the pom copies them into target/hivemq-lib in pre-integration-test), or"
                    + " point -Dhivemq.lib at a folder with hivemq-community-edition-embedded and its dependencies");
        }
        return folder;
    }

    private static Path guessLibraryFolder() throws IOException {
        try {
            Path testClasses = Path.of(HiveMqBroker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = testClasses.getParent().resolve("hivemq-lib");
            if (!Files.isDirectory(root)) {
                return root;
            }
            List<Path> versions = new ArrayList<>();
            try (DirectoryStream<Path> children = Files.newDirectoryStream(root, Files::isDirectory)) {
                children.forEach(versions::add);
            }
            return versions.size() == 1 ? versions.get(0) : root;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static boolean containsHiveMq(Path folder) throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(folder, "hivemq-community-edition-embedded-*.jar")) {
            return jars.iterator().hasNext();
        }
    }

    /** The launcher's one .class file, alone in its package folder: the child's class path holds nothing else of ours. */
    private static void copyLauncherClass(Path launcherDir) throws IOException {
        String resource = HiveMqLauncher.class.getName().replace('.', '/') + ".class";
        Path target = launcherDir.resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = HiveMqBroker.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test class path");
            }
            Files.write(target, in.readAllBytes());
        }
    }
}

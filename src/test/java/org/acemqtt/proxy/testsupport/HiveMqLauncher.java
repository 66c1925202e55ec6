package org.acemqtt.proxy.testsupport;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The main class of the child JVM that {@link HiveMqBroker} starts: HiveMQ CE embedded with its home folder as the
 * only argument ({@code conf/}, {@code data/}, {@code extensions/}). HiveMQ CE 2025.5 runs on Netty 4.1, which cannot
 * share a class path with Vert.x 5's Netty 4.2, so it never runs in the test JVM; this class is copied alone next to
 * HiveMQ's jars and must use nothing but the JDK and, by reflection, HiveMQ (it is compiled without HiveMQ on the class
 * path, and no nested classes: only this one .class file is copied).
 *
 * <p>It writes {@code ready} into the home folder once HiveMQ's start future completed (listeners bound), stops HiveMQ
 * on SIGTERM (shutdown hook), and exits when its standard input reaches end of file: the test JVM holds the other end of
 * that pipe, so a test JVM that dies for any reason takes its broker with it instead of leaving an orphan on the port.
 */
public final class HiveMqLauncher {
    private HiveMqLauncher() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]).toAbsolutePath();
        Class<?> embedded = Class.forName("com.hivemq.embedded.EmbeddedHiveMQ");
        Class<?> builderType = Class.forName("com.hivemq.embedded.EmbeddedHiveMQBuilder");
        Object builder = embedded.getMethod("builder").invoke(null);
        builder = builderType.getMethod("withConfigurationFolder", Path.class).invoke(builder, home.resolve("conf"));
        builder = builderType.getMethod("withDataFolder", Path.class).invoke(builder, home.resolve("data"));
        builder = builderType.getMethod("withExtensionsFolder", Path.class).invoke(builder, home.resolve("extensions"));
        Object hivemq = builderType.getMethod("build").invoke(builder);
        Method stop = embedded.getMethod("stop");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                ((CompletableFuture<?>) stop.invoke(hivemq)).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("HiveMQ did not stop cleanly: " + e);
            }
        }, "hivemq-stop"));
        long began = System.nanoTime();
        try {
            ((CompletableFuture<?>) embedded.getMethod("start").invoke(hivemq)).get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            // HiveMQ's non-daemon threads would keep a half-started broker alive: exit, so that the parent sees it.
            System.err.println("HiveMQ did not start:");
            e.printStackTrace();
            System.exit(2);
        }
        long millis = (System.nanoTime() - began) / 1_000_000;
        Files.writeString(home.resolve("ready"), "started in " + millis + " ms\n", StandardCharsets.US_ASCII);
        System.out.println("HiveMqLauncher: HiveMQ started in " + millis + " ms");
        System.out.flush();
        InputStream parent = System.in;
        while (parent.read() >= 0) {
            // Nothing is ever sent: end of file means the test JVM is gone or closed the pipe.
        }
        System.exit(0);
    }
}

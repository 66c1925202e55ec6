package org.acemqtt.proxy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: the shipped jar's {@code demo} runs the whole RFC 9431 flow against real Mosquitto. */
@Timeout(120)
class DemoIT {
    @Test
    void theDemoProvesTheWholeAceFlowAndExitsZero(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("demo.log");
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("proxy.jar"), "demo", "--check-only")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(demo.waitFor(90, TimeUnit.SECONDS)).isTrue();
        List<String> log = Files.readAllLines(output);
        assertThat(demo.exitValue()).as(String.join("\n", log)).isZero();
        assertThat(log).anyMatch(l -> l.contains("✔ CONNECT with a") && l.contains("CONNACK 0x00"))
                .anyMatch(l -> l.contains("PUBACK 0x87"))
                .anyMatch(l -> l.contains("AUTH 0x00"))
                .anyMatch(l -> l.contains("token expired: DISCONNECT 0x87"));
    }
}

package org.acemqtt.proxy.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.acemqtt.proxy.testsupport.ExternalProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The script the Dockerfile runs at image build (src/main/docker/cds-archive.sh), run for real against the jar this
 * build packaged with this machine's JVM: it must write an archive that {@code -Xshare:on} maps, and the proxy must
 * start with it ({@code demo --check-only}, a full start and stop; with Mosquitto installed, its self-check too).
 */
class CdsArchiveIT {
    @Test
    void theImageScriptWritesAnArchiveTheJvmMapsAndTheProxyStartsWithIt(@TempDir Path dir) throws Exception {
        String jar = Path.of(System.getProperty("proxy.jar")).toAbsolutePath().toString();
        Path archive = dir.resolve("ace-mqtt-proxy.jsa");
        ExternalProcess.Result made = ExternalProcess.run(
                List.of("bash", "src/main/docker/cds-archive.sh", jar, archive.toString()), null, 0, 180);
        assertThat(made.exitCode()).as(made.output()).isZero();
        assertThat(made.output()).contains("wrote " + archive);
        assertThat(Files.size(archive)).isGreaterThan(1_000_000);

        ExternalProcess.Result started = ExternalProcess.run(List.of("java", "-Xshare:on",
                "-XX:SharedArchiveFile=" + archive, "-jar", jar, "demo", "--check-only"), null, 0, 120);
        assertThat(started.exitCode()).as(started.output()).isZero();
        assertThat(started.output()).doesNotContain("FAILED");
    }
}

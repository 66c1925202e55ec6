package org.acemqtt.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.acemqtt.proxy.testsupport.Closer;
import org.acemqtt.proxy.testsupport.ExternalProcess;
import org.acemqtt.proxy.testsupport.MosquittoBroker;
import org.acemqtt.proxy.testsupport.NettyLeakGuard;
import org.acemqtt.proxy.testsupport.ProxyFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Off-the-shelf clients: mosquitto_pub and mosquitto_sub over TLS with --cafile through the proxy, v5 and v3.1.1.
 * A retained message makes the exchange deterministic: the subscriber gets it however late it subscribes.
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CommandLineClientsIT {
    @TempDir
    static Path dir;
    static MosquittoBroker broker;
    static ProxyFixture proxy;

    @BeforeAll
    static void start() throws Exception {
        broker = MosquittoBroker.start(dir.resolve("broker"));
        proxy = ProxyFixture.builder(dir.resolve("proxy"), broker.port()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        Closer.closeAll(proxy, broker);
    }

    private static List<String> tool(String name, String version, String... args) {
        List<String> command = new ArrayList<>(List.of(name, "-h", "localhost", "-p", String.valueOf(proxy.tlsPort()),
                "--cafile", proxy.pki().caCertificate().toString(), "-V", version, "-i", name + "-" + version));
        command.addAll(List.of(args));
        return command;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mqttv5", "mqttv311"})
    void mosquittoPubAndSubExchangeARetainedMessageOverTls(String version) throws Exception {
        String message = "hello from mosquitto_pub " + version;
        ExternalProcess.Result pub = ExternalProcess.run(tool("mosquitto_pub", version, "-t", "topic1", "-q", "1",
                "-r", "-m", message), null, 0, 20);
        assertThat(pub.exitCode()).as(pub.output()).isZero();
        ExternalProcess.Result sub = ExternalProcess.run(tool("mosquitto_sub", version, "-t", "topic1", "-q", "1",
                "-C", "1", "-W", "15"), null, 0, 20);
        assertThat(sub.exitCode()).as(sub.output()).isZero();
        assertThat(sub.output().trim()).isEqualTo(message);
        ExternalProcess.Result clear = ExternalProcess.run(tool("mosquitto_pub", version, "-t", "topic1", "-q", "1",
                "-r", "-n"), null, 0, 20);
        assertThat(clear.exitCode()).as(clear.output()).isZero();
    }

    @Test
    void mosquittoPubOutsideTheScopeIsToldNotAuthorized() throws Exception {
        ExternalProcess.Result pub = ExternalProcess.run(tool("mosquitto_pub", "mqttv5", "-t", "x/topic3", "-q", "1",
                "-m", "denied"), null, 0, 20);
        assertThat(pub.output()).containsIgnoringCase("not authorized");
    }

    @Test
    void mosquittoSubOutsideTheScopeIsDenied() throws Exception {
        ExternalProcess.Result sub = ExternalProcess.run(tool("mosquitto_sub", "mqttv5", "-t", "#", "-C", "1", "-W", "3"),
                null, 0, 20);
        assertThat(sub.output()).contains("All subscription requests were denied");
    }
}

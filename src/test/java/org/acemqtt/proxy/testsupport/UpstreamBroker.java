package org.acemqtt.proxy.testsupport;

import java.io.IOException;

/**
 * A real MQTT broker the integration tests put behind the proxy, on 127.0.0.1 only: {@link MosquittoBroker} (a
 * process) or {@link HiveMqBroker} (HiveMQ CE in a child JVM). Both can be stopped and started again on the same port.
 */
public interface UpstreamBroker extends AutoCloseable {
    /** The plain-TCP MQTT port on 127.0.0.1. */
    int port();

    /** Stops the broker the way an operator would (SIGTERM) and waits until it is gone. */
    void stop() throws InterruptedException;

    /** (Re)starts the broker on the same port and waits until it accepts MQTT connections; no-op if it runs. */
    void startAgain() throws IOException, InterruptedException;

    @Override
    void close() throws InterruptedException;
}

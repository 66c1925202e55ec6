package org.acemqtt.proxy.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import org.acemqtt.proxy.config.ProxyConfig;
import org.acemqtt.proxy.relay.ProxyServer;

/** Serves until SIGTERM or SIGINT, then drains (CONTRACT.md: exit 0 within the drain time). */
public final class Serve {
    private static final Logger LOG = Logger.getLogger(Serve.class.getName());

    private Serve() {
    }

    public static int untilSignalled(ProxyServer server, ProxyConfig config) {
        // Handled here rather than in a shutdown hook: a hook cannot make the JVM exit 0 (it exits 143).
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String name : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> stopRequested.countDown());
        }
        // SIGHUP: reload certificates and issuer keys now (they are also reloaded when their files change).
        sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> server.reload());
        LOG.info("ace-mqtt-proxy ready");
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Duration drain = config.limits().drainTimeout();
        LOG.info("shutting down: draining connections for up to " + drain.toSeconds() + " s");
        server.stop(drain);
        LOG.info("stopped");
        return 0;
    }
}

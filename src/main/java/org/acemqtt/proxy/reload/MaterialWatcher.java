package org.acemqtt.proxy.reload;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.acemqtt.proxy.metrics.ProxyMetrics;

/**
 * Watches the files of each {@link Reloadable} by content hash (not by modification time or inotify events, which a
 * Kubernetes {@code ..data} symlink swap does not reliably produce for the linked names) and reloads on change or on
 * {@link #reloadAll()} (SIGHUP). Runs on a Vert.x worker thread, never on an event loop.
 */
public final class MaterialWatcher {
    private static final Logger LOG = Logger.getLogger(MaterialWatcher.class.getName());
    private final Vertx vertx;
    private final List<Reloadable> targets;
    private final ProxyMetrics metrics;
    private final Map<Path, String> hashes = new HashMap<>();
    private long timer = -1;

    public MaterialWatcher(Vertx vertx, List<Reloadable> targets, ProxyMetrics metrics) {
        this.vertx = vertx;
        this.targets = List.copyOf(targets);
        this.metrics = metrics;
        for (Reloadable target : this.targets) {
            for (Path file : target.files()) {
                hashes.put(file, hash(file));
            }
        }
    }

    public void start(long periodMillis) {
        timer = vertx.setPeriodic(periodMillis, id -> vertx.executeBlocking(() -> {
            check(false);
            return null;
        }, true));
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** SIGHUP: reload every target now, changed or not. */
    public void reloadAll() {
        vertx.executeBlocking(() -> {
            check(true);
            return null;
        }, true);
    }

    synchronized void check(boolean force) {
        for (Reloadable target : targets) {
            boolean changed = false;
            for (Path file : target.files()) {
                String now = hash(file);
                changed |= !now.equals(hashes.get(file));
            }
            if (changed || force) {
                reload(target);
            }
        }
    }

    private void reload(Reloadable target) {
        try {
            target.reload();
            for (Path file : target.files()) {
                hashes.put(file, hash(file));
            }
            metrics.reload(target.name(), "success").increment();
            LOG.info(() -> "reloaded " + target.name() + " from " + target.files());
        } catch (Exception e) {
            // Remember the bad content so that the refusal is logged once per change, not every period.
            for (Path file : target.files()) {
                hashes.put(file, hash(file));
            }
            metrics.reload(target.name(), "failure").increment();
            LOG.warning(() -> "refused to reload " + target.name() + ", keeping the material in use: " + e.getMessage());
        }
    }

    /** The content hash, or a marker for an unreadable file (a half-written rotation counts as a change later). */
    static String hash(Path file) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (IOException e) {
            return "unreadable:" + e.getClass().getSimpleName();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.acemqtt.proxy.reload;

import java.nio.file.Path;
import java.util.List;

/** Material built from files, rebuilt as a whole when any of them changes. */
public interface Reloadable {
    /** The metric/log name of what is reloaded ({@code tls:mqtts}, {@code issuers}). */
    String name();

    List<Path> files();

    /** Builds and swaps in the new material; throws (leaving the old in use) if the files do not make valid material. */
    void reload() throws Exception;
}

package org.acemqtt.proxy.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command-line tool with a hard timeout and returns its combined output; never hangs a test. */
public final class ExternalProcess {
    private ExternalProcess() {
    }

    public record Result(int exitCode, String output) {
    }

    public static boolean available(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Path.of(dir, tool).toFile().canExecute()) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param stdin       written to the process and then closed (null: close at once)
     * @param stdinDelayMillis wait this long before writing stdin (lets a TLS client finish its handshake)
     */
    public static Result run(List<String> command, String stdin, long stdinDelayMillis, long timeoutSeconds)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread reader = null;
        StringBuilder out = new StringBuilder();
        try {
            reader = new Thread(() -> {
                try {
                    out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // process killed
                }
            });
            reader.start();
            if (stdinDelayMillis > 0) {
                Thread.sleep(stdinDelayMillis);
            }
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                    in.flush();
                }
            } catch (IOException ignored) {
                // the tool already exited
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                reader.join(2000);
                throw new AssertionError("timed out after " + timeoutSeconds + " s: " + command + "\n" + out);
            }
            reader.join(5000);
            return new Result(p.exitValue(), out.toString());
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }
}

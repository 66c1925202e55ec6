package org.acemqtt.proxy.cli;

/** The built-in demo (README): see {@link CommandLine#USAGE}. */
public final class Demo {
    private Demo() {
    }

    public static int run(CommandLine cli) {
        System.err.println("demo: not built yet");
        return 1;
    }
}

package org.acemqtt.proxy;

import java.util.Arrays;
import org.acemqtt.proxy.cli.CommandLine;
import org.acemqtt.proxy.demo.Demo;
import org.acemqtt.proxy.cli.Serve;
import org.acemqtt.proxy.cli.TokenInspect;
import org.acemqtt.proxy.cli.TokenMint;
import org.acemqtt.proxy.config.ConfigException;
import org.acemqtt.proxy.config.ConfigLoader;
import org.acemqtt.proxy.config.LoggingConfig;
import org.acemqtt.proxy.config.ProxyConfig;
import org.acemqtt.proxy.logging.LogSetup;
import org.acemqtt.proxy.relay.ProxyServer;

/** The only System.exit: command line → config → {@link ProxyServer#start}. Exit 2 for any unusable input. */
public final class Main {
    static final int EXIT_OK = 0;
    static final int EXIT_INVALID = 2;
    static final int EXIT_FAILED = 1;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        CommandLine cli;
        try {
            cli = CommandLine.parse(Arrays.asList(args), System.getenv());
        } catch (CommandLine.UsageException e) {
            System.err.println(e.getMessage());
            System.err.println(CommandLine.USAGE);
            return EXIT_INVALID;
        }
        return switch (cli.command()) {
            case HELP -> {
                System.out.println(CommandLine.USAGE);
                yield EXIT_OK;
            }
            case CHECK_CONFIG -> checkConfig(cli);
            case DEMO -> Demo.run(cli);
            case TOKEN_INSPECT -> TokenInspect.run(cli);
            case TOKEN_MINT -> TokenMint.run(cli.mintOptions(), System.out, System.err);
            case RUN -> runProxy(cli);
        };
    }

    private static int checkConfig(CommandLine cli) {
        try {
            ConfigLoader.load(cli.config());
            System.out.println(cli.config() + ": OK");
            return EXIT_OK;
        } catch (ConfigException e) {
            e.problems().forEach(System.err::println);
            return EXIT_INVALID;
        }
    }

    private static int runProxy(CommandLine cli) {
        ProxyConfig config;
        try {
            config = ConfigLoader.load(cli.config());
        } catch (ConfigException e) {
            e.problems().forEach(System.err::println);
            return EXIT_INVALID;
        }
        LoggingConfig.Format format = cli.logFormat().map(f -> f.equals("json") ? LoggingConfig.Format.JSON
                : LoggingConfig.Format.TEXT).orElse(config.logging().format());
        LogSetup.configure(format, config.logging().level());
        return serve(config);
    }

    private static int serve(ProxyConfig config) {
        try {
            return Serve.untilSignalled(ProxyServer.start(config), config);
        } catch (ProxyServer.StartupException e) {
            System.err.println(e.getMessage());
            return EXIT_INVALID;
        }
    }
}

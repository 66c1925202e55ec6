package org.acemqtt.proxy.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code [run|check-config|demo|help] [--config PATH] [--log-format text|json]} (CONTRACT.md). The config path
 * defaults to {@code ACE_MQTT_PROXY_CONFIG}, then {@code config.json} in the working directory.
 */
public record CommandLine(Command command, Path config, Optional<String> logFormat, boolean checkOnly,
                          String tokenArgument, boolean configGiven, Map<String, String> mintOptions) {

    public enum Command { RUN, CHECK_CONFIG, DEMO, TOKEN_INSPECT, TOKEN_MINT, HELP }

    public static final String USAGE = """
            usage: java -jar ace-mqtt-proxy.jar [run|check-config|demo|token inspect TOKEN|help] [--config PATH] [--log-format text|json]
              run           start the proxy (default)
              check-config  validate the config file: exit 0 if valid, else exit 2 listing every problem
              token mint --issuer-key JWKS --audience A --scope JSON (--pop-ed25519 HEX | --psk HEX --psk-kid ID)
                            [--lifetime S] [--subject S]: a DEVELOPMENT issuer (not an Authorization Server)
              token inspect <hex|base64url|@file>
                            show a token's headers, claims and scope; with --config, whether this proxy would
                            accept it and, if not, why
              demo          generate a throwaway PKI, start Mosquitto (if installed) behind the proxy, prove a
                            TLS round trip through it and keep running until Ctrl-C (--check-only: exit after it)
            config: --config PATH, else $ACE_MQTT_PROXY_CONFIG, else ./config.json""";

    /** Thrown for words the command line does not understand; the message says which. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    public static CommandLine parse(List<String> args, Map<String, String> env) throws UsageException {
        Command command = null;
        Path config = null;
        String logFormat = null;
        boolean checkOnly = false;
        String tokenArgument = null;
        Map<String, String> mint = new java.util.HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--config" -> config = Path.of(value(args, ++i, arg));
                case "--log-format" -> {
                    logFormat = value(args, ++i, arg);
                    if (!logFormat.equals("text") && !logFormat.equals("json")) {
                        throw new UsageException("--log-format must be text or json");
                    }
                }
                case "-h", "--help", "help" -> command = Command.HELP;
                case "--check-only" -> checkOnly = true;
                default -> {
                    if (arg.startsWith("--config=")) {
                        config = Path.of(arg.substring("--config=".length()));
                    } else if (command == null && arg.equals("token")) {
                        String sub = value(args, ++i, "token");
                        if (sub.equals("mint")) {
                            i = mintOptions(args, i + 1, mint);
                            command = Command.TOKEN_MINT;
                        } else if (sub.equals("inspect")) {
                            tokenArgument = value(args, ++i, "token inspect");
                            command = Command.TOKEN_INSPECT;
                        } else {
                            throw new UsageException("usage: token inspect <hex|base64url|@file> [--config PATH] | token mint ...");
                        }
                    } else if (command == null && !arg.startsWith("-")) {
                        command = switch (arg) {
                            case "run" -> Command.RUN;
                            case "check-config" -> Command.CHECK_CONFIG;
                            case "demo" -> Command.DEMO;
                            default -> throw new UsageException("unknown command: " + arg);
                        };
                    } else {
                        throw new UsageException("unexpected argument: " + arg);
                    }
                }
            }
        }
        boolean configGiven = config != null;
        if (config == null) {
            String fromEnv = env.get("ACE_MQTT_PROXY_CONFIG");
            config = Path.of(fromEnv != null && !fromEnv.isEmpty() ? fromEnv : "config.json");
        }
        return new CommandLine(command == null ? Command.RUN : command, config, Optional.ofNullable(logFormat), checkOnly,
                tokenArgument, configGiven, Map.copyOf(mint));
    }

    /** {@code token mint --name value ...}: collects the options up to the end; returns the last index read. */
    private static int mintOptions(List<String> args, int from, Map<String, String> into) throws UsageException {
        int i = from;
        for (; i < args.size(); i++) {
            String name = args.get(i);
            if (!name.startsWith("--") || name.equals("--config") || name.equals("--log-format")) {
                return i - 1;
            }
            into.put(name.substring(2), value(args, ++i, name));
        }
        return i - 1;
    }

    private static String value(List<String> args, int index, String option) throws UsageException {
        if (index >= args.size()) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(index);
    }
}

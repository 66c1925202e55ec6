package org.acemqtt.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineTest {
    @Test
    void runIsTheDefaultAndConfigJsonTheDefaultFile() throws Exception {
        CommandLine cli = CommandLine.parse(List.of(), Map.of());
        assertThat(cli.command()).isEqualTo(CommandLine.Command.RUN);
        assertThat(cli.config()).isEqualTo(Path.of("config.json"));
    }

    @Test
    void theEnvironmentNamesTheConfigUnlessTheCommandLineDoes() throws Exception {
        Map<String, String> env = Map.of("ACE_MQTT_PROXY_CONFIG", "/etc/ace/config.json");
        assertThat(CommandLine.parse(List.of("run"), env).config()).isEqualTo(Path.of("/etc/ace/config.json"));
        assertThat(CommandLine.parse(List.of("run", "--config", "x.json"), env).config()).isEqualTo(Path.of("x.json"));
        assertThat(CommandLine.parse(List.of("--config=y.json"), env).config()).isEqualTo(Path.of("y.json"));
    }

    @Test
    void checkConfigAndLogFormatAreUnderstood() throws Exception {
        CommandLine cli = CommandLine.parse(List.of("check-config", "--config", "c.json", "--log-format", "json"), Map.of());
        assertThat(cli.command()).isEqualTo(CommandLine.Command.CHECK_CONFIG);
        assertThat(cli.logFormat()).contains("json");
    }

    @Test
    void unknownWordsAreRefused() {
        assertThatThrownBy(() -> CommandLine.parse(List.of("serve"), Map.of())).hasMessage("unknown command: serve");
        assertThatThrownBy(() -> CommandLine.parse(List.of("--config"), Map.of())).hasMessage("--config needs a value");
        assertThatThrownBy(() -> CommandLine.parse(List.of("--log-format", "xml"), Map.of())).hasMessageContaining("text or json");
        assertThatThrownBy(() -> CommandLine.parse(List.of("run", "extra"), Map.of())).hasMessage("unexpected argument: extra");
    }
}

package org.acemqtt.proxy.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The YAML subset parser the chart tests rely on. */
class MiniYamlTest {
    @Test
    void parsesTheConstructsHelmPrints() {
        List<Object> docs = MiniYaml.parseAll("""
                ---
                # Source: x.yaml
                a: 1
                b: "two: 2"
                c: 'it''s'
                mode: 0440
                empty: {}
                none: []
                flow: ["x", y]
                compact:
                - ALL
                nested:
                  - name: proxy
                    args:
                      - run
                    on: true
                  - name: broker
                text: |
                  line 1
                    indented
                tail: null
                ---
                kind: Second
                """);
        assertThat(docs).hasSize(2);
        Map<?, ?> d = (Map<?, ?>) docs.get(0);
        assertThat(d.get("a")).isEqualTo(1L);
        assertThat(d.get("b")).isEqualTo("two: 2");
        assertThat(d.get("c")).isEqualTo("it's");
        assertThat(d.get("mode")).isEqualTo(288L);
        assertThat((Map<?, ?>) d.get("empty")).isEmpty();
        assertThat((List<?>) d.get("none")).isEmpty();
        assertThat(d.get("flow")).isEqualTo(List.of("x", "y"));
        assertThat(d.get("compact")).isEqualTo(List.of("ALL"));
        assertThat(Charts.at(d, "nested[name=proxy].args[0]")).isEqualTo("run");
        assertThat(Charts.at(d, "nested[0].on")).isEqualTo(true);
        assertThat(Charts.at(d, "nested[1].name")).isEqualTo("broker");
        assertThat(d.get("text")).isEqualTo("line 1\n  indented\n");
        assertThat(d.containsKey("tail")).isTrue();
        assertThat(d.get("tail")).isNull();
        assertThat(((Map<?, ?>) docs.get(1)).get("kind")).isEqualTo("Second");
    }

    @Test
    void refusesWhatItDoesNotUnderstand() {
        assertThatThrownBy(() -> MiniYaml.parseAll("a: &anchor 1\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MiniYaml.parseAll("a: 1\na: 2\n")).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> MiniYaml.parseAll("a:\n  b: 1\n   c: 2\n")).isInstanceOf(IllegalArgumentException.class);
    }
}

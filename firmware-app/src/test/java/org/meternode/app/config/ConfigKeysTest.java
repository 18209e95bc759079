package org.meternode.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigKeysTest {
    @Test
    void documented_defaults_parse_back_once_the_required_keys_are_filled() throws Exception {
        String filled = ConfigTexts.filledDefaults(ConfigKeys.documentedDefaults(), "/var/lib/meternode");

        LoadedConfig loaded = ConfigLoader.parse(filled, "defaults.yaml", Path.of("/etc/meternode"));

        NodeConfig config = loaded.config();
        assertThat(loaded.warnings().isEmpty()).isTrue();
        assertThat(config.sampling().interval()).isEqualTo(ConfigKeys.SAMPLING_INTERVAL.defaultValue().orElseThrow());
        assertThat(config.uplink().batchSize()).isEqualTo(64);
        assertThat(config.channels()).extracting(ChannelConfig::id)
                .containsExactlyElementsOf(ConfigTexts.FILLED_CHANNEL_IDS);
        assertThat(((CtClampChannelConfig) config.channels().get(1)).calibration()).isEqualTo(1.0);
    }

    @Test
    void documented_defaults_unfilled_only_ask_for_the_required_keys() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(ConfigKeys.documentedDefaults(), "defaults.yaml", Path.of("/etc")));

        assertThat(e.getProblems()).extracting(ConfigProblem::message)
                .allMatch(m -> m.startsWith("needs a value") || m.startsWith("needs the PSK")
                        || m.startsWith("a pulse channel needs") || m.startsWith("an M-Bus reading needs"),
                        "asks for a missing value");
    }

    @Test
    void documented_defaults_have_a_comment_line_before_every_key() {
        List<String> lines = ConfigKeys.documentedDefaults().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#") && !line.equals("-")) {
                assertThat(lines.get(i - 1).strip()).as("comment before " + line).startsWith("# ");
            }
        }
        assertThat(ConfigKeys.documentedDefaults()).contains("""
                  # Time between readings; with align: true it must divide 1d exactly. (duration 1s..1d)
                  interval: 15m
                """);
    }

    @Test
    void markdown_reference_has_a_row_per_key() {
        List<String> rows = ConfigKeys.markdownReference().lines().toList();

        assertThat(rows.get(0)).isEqualTo("| key | type | default | meaning |");
        assertThat(rows).hasSize(ConfigKeys.all().size() + 2)
                .contains("| `sampling.interval` | duration 1s..1d | `15m` | Time between readings; "
                        + "with align: true it must divide 1d exactly. |")
                .contains("| `channels[].debounce` | duration 0s..1s | `10ms` | (pulse) Edges closer together "
                        + "than this count as one pulse. |");
    }

    @Test
    void every_key_path_is_unique_and_every_parent_is_declared() {
        List<String> paths = ConfigKeys.all().stream().map(ConfigKey::path).toList();

        assertThat(paths).doesNotHaveDuplicates();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            String parent = key.parent().endsWith("[]")
                    ? key.parent().substring(0, key.parent().length() - 2) : key.parent();
            assertThat(parent.isEmpty() || paths.contains(parent)).as(key.path()).isTrue();
        }
    }
}

package org.meternode.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConfigKeysTest {
    private static final Pattern EMPTY_KEY = Pattern.compile("^(\\s*)([a-z-]+):$");

    @Test
    void documented_defaults_parse_back_once_the_required_keys_are_filled() throws Exception {
        String filled = fill(ConfigKeys.documentedDefaults(), Map.ofEntries(
                Map.entry("endpoint", List.of("meter-1")),
                Map.entry("board", List.of("sim")),
                Map.entry("id", List.of("grid", "mains", "battery", "p1", "ehz", "d0", "water")),
                Map.entry("port", List.of("/dev/ttyUSB0", "/dev/ttyUSB1", "/dev/ttyUSB2", "/dev/ttyUSB3")),
                Map.entry("address", List.of("5")),
                Map.entry("record", List.of("0")),
                Map.entry("obis", List.of("1-0:1.8.1", "1-0:1.8.0", "1-0:1.8.0")),
                Map.entry("quantity", List.of("energy", "energy", "energy", "volume")),
                Map.entry("input", List.of("GPIO17", "A0", "ina219@0x40")),
                Map.entry("pulses-per-kwh", List.of("1000")),
                Map.entry("ratio", List.of("\"100A:50mA\"")),
                Map.entry("burden-ohm", List.of("22")),
                Map.entry("uri", List.of("coaps://127.0.0.1:5684")),
                Map.entry("identity", List.of("meter-1")),
                Map.entry("key-hex", List.of("00112233")),
                Map.entry("path", List.of("/var/lib/meternode"))));

        LoadedConfig loaded = ConfigLoader.parse(filled, "defaults.yaml", Path.of("/etc/meternode"));

        NodeConfig config = loaded.config();
        assertThat(loaded.warnings().isEmpty()).isTrue();
        assertThat(config.sampling().interval()).isEqualTo(ConfigKeys.SAMPLING_INTERVAL.defaultValue().orElseThrow());
        assertThat(config.uplink().batchSize()).isEqualTo(64);
        assertThat(config.channels()).extracting(ChannelConfig::id).containsExactly("grid", "mains", "battery", "p1", "ehz", "d0", "water");
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

    /** Gives each empty {@code key:} line the next value listed for that key name. */
    private static String fill(String yaml, Map<String, List<String>> values) {
        Map<String, Deque<String>> queues = new HashMap<>();
        values.forEach((k, v) -> queues.put(k, new ArrayDeque<>(v)));
        StringBuilder out = new StringBuilder();
        for (String line : yaml.lines().toList()) {
            Matcher m = EMPTY_KEY.matcher(line);
            Deque<String> queue = m.matches() ? queues.get(m.group(2)) : null;
            out.append(queue == null || queue.isEmpty() ? line : line + " " + queue.poll()).append('\n');
        }
        return out.toString();
    }
}

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

/**
 * A minimal valid config with known line numbers, helpers to load variants of it, and the
 * documented defaults file with its required keys filled in (for the config and CLI tests).
 */
public final class ConfigTexts {
    static final Path BASE_DIR = Path.of("/etc/meternode");
    static final String SOURCE = "meternode.yaml";

    /** Line numbers are part of the tests: 5 is sampling.interval, 7 the first channel, 12 server.uri. */
    public static final String MINIMAL = """
            node:
              endpoint: meter-1
            board: sim
            sampling:
              interval: 15m
            channels:
              - id: grid
                type: pulse
                input: GPIO17
                pulses-per-kwh: 1000
            server:
              uri: coaps://127.0.0.1:5684
              security:
                identity: meter-1
                key-hex: 00112233
            storage:
              path: /var/lib/meternode
            """;

    private ConfigTexts() {
    }

    /**
     * A board-options section that gives MINIMAL's pulse channel its sim meter, so that the sim board
     * grants it at run and check-config accepts it; appended after storage, it moves no line.
     */
    public static final String SIM_METERS = """
            board-options:
              meters:
                GPIO17: { type: s0-electricity }
            """;

    /** MINIMAL as a node runs it: the state directory relative to the file, and {@link #SIM_METERS}. */
    public static final String RUNNABLE = MINIMAL.replace("path: /var/lib/meternode", "path: state") + SIM_METERS;

    /** The pulse channel of MINIMAL. */
    static final String PULSE_CHANNEL = """
              - id: grid
                type: pulse
                input: GPIO17
                pulses-per-kwh: 1000
            """;

    /** MINIMAL with its pulse channel replaced by {@code channels} (YAML list items). */
    static String withChannels(String channels) {
        return minimalWith(PULSE_CHANNEL, channels);
    }

    static LoadedConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, SOURCE, BASE_DIR);
    }

    /** MINIMAL with {@code target} replaced, which must occur exactly once. */
    static String minimalWith(String target, String replacement) {
        assertThat(MINIMAL.split(java.util.regex.Pattern.quote(target), -1)).as("occurrences of " + target).hasSize(2);
        return MINIMAL.replace(target, replacement);
    }

    private static final Pattern EMPTY_KEY = Pattern.compile("^(\\s*)([a-z-]+):$");

    /** Ids of the channels {@link #filledDefaults} gives the documented defaults, one per channel type. */
    public static final List<String> FILLED_CHANNEL_IDS = List.of("grid", "mains", "battery", "p1", "ehz", "d0",
            "water", "radio");

    /**
     * {@code defaults} (what check-config --print-defaults writes) with every required key that has
     * no default given a value, so it must load and pass the sim board's check of the channels' inputs;
     * the state directory is {@code storagePath}.
     */
    public static String filledDefaults(String defaults, String storagePath) {
        // The sim meters behind the filled inputs, on the one line of the empty section: no line moves.
        String withMeters = defaults.replace("\nboard-options: {}\n", "\nboard-options: { meters: { GPIO17: { type:"
                + " s0-electricity }, A0: { type: ct-clamp }, \"ina219@0x40\": { type: ina219 } } }\n");
        return fill(withMeters, Map.ofEntries(
                Map.entry("endpoint", List.of("meter-1")),
                Map.entry("board", List.of("sim")),
                Map.entry("id", FILLED_CHANNEL_IDS),
                Map.entry("port", List.of("/dev/ttyUSB0", "/dev/ttyUSB1", "/dev/ttyUSB2", "/dev/ttyUSB3", "/dev/ttyUSB4")),
                Map.entry("address", List.of("5")),
                Map.entry("record", List.of("0", "0")),
                Map.entry("meter-id", List.of("\"20240001\"")),
                Map.entry("obis", List.of("1-0:1.8.1", "1-0:1.8.0", "1-0:1.8.0")),
                Map.entry("quantity", List.of("energy", "energy", "energy", "volume", "volume")),
                Map.entry("input", List.of("GPIO17", "A0", "ina219@0x40")),
                Map.entry("pulses-per-kwh", List.of("1000")),
                Map.entry("ratio", List.of("\"100A:50mA\"")),
                Map.entry("burden-ohm", List.of("22")),
                Map.entry("uri", List.of("coaps://127.0.0.1:5684")),
                Map.entry("identity", List.of("meter-1")),
                Map.entry("key-hex", List.of("00112233")),
                Map.entry("path", List.of(storagePath))));
    }

    /** Puts the next value of {@code values[key]} after each empty {@code key:} line, in file order. */
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

    static List<ConfigProblem> problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml));
        assertThat(e).as("expected a ConfigException").isNotNull();
        return e.getProblems();
    }

    /** The only problem of {@code yaml}. */
    static ConfigProblem problem(String yaml) {
        List<ConfigProblem> problems = problems(yaml);
        assertThat(problems).as(problems.toString()).hasSize(1);
        return problems.get(0);
    }
}

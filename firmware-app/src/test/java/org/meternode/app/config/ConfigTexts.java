package org.meternode.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;

/** A minimal valid config with known line numbers, and helpers to load variants of it. */
final class ConfigTexts {
    static final Path BASE_DIR = Path.of("/etc/meternode");
    static final String SOURCE = "meternode.yaml";

    /** Line numbers are part of the tests: 5 is sampling.interval, 7 the first channel, 12 server.uri. */
    static final String MINIMAL = """
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

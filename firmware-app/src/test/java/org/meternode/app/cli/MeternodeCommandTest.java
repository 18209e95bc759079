package org.meternode.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.config.ConfigKey;
import org.meternode.app.config.ConfigKeys;
import org.meternode.app.config.ConfigTexts;
import picocli.CommandLine;

/**
 * The {@code meternode} command line as a user meets it: exit codes and the lines on stdout and
 * stderr. No test here starts a node: {@code run} is only given files it must refuse.
 */
class MeternodeCommandTest {
    /** Line 5 is sampling.interval; see the replacements below. */
    private static final String VALID = ConfigTexts.RUNNABLE;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void check_config_of_a_valid_file_says_ok() throws IOException {
        Path file = write("meternode.yaml", VALID);

        int code = execute("check-config", file.toString());

        assertThat(code).isZero();
        assertThat(out.toString()).isEqualTo(file + ": OK — endpoint 'meter-1', board 'sim', 1 channel(s),"
                + " interval 15m, server coaps://127.0.0.1:5684" + System.lineSeparator());
        assertThat(err.toString()).isEmpty();
        assertThat(dir.resolve("state")).as("check-config touches nothing on disk").doesNotExist();
    }

    @Test
    void check_config_of_malformed_yaml_names_file_line_and_column() throws IOException {
        Path file = write("bad.yaml", VALID.replace("board: sim", "board: sim: x"));

        int code = execute("check-config", file.toString());

        assertThat(code).isEqualTo(MeternodeCommand.EXIT_CONFIG);
        assertThat(errorLines()).containsExactly(
                "error: " + file + ":3:11: not valid YAML: mapping values are not allowed here");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void check_config_of_an_unknown_key_names_line_and_key() throws IOException {
        Path file = write("bad.yaml", VALID.replace("  interval: 15m", "  interval: 15m\n  algin: true"));

        int code = execute("check-config", file.toString());

        assertThat(code).isEqualTo(2);
        assertThat(errorLines()).containsExactly(
                "error: " + file + ":6:3: sampling.algin: unknown key; did you mean 'align'?");
    }

    @Test
    void check_config_of_a_negative_interval_names_line_and_key() throws IOException {
        Path file = write("bad.yaml", VALID.replace("interval: 15m", "interval: -5m"));

        int code = execute("check-config", file.toString());

        assertThat(code).isEqualTo(2);
        assertThat(errorLines()).containsExactly(
                "error: " + file + ":5:13: sampling.interval: must not be negative (was '-5m')");
    }

    @Test
    void check_config_lists_every_problem_one_per_line() throws IOException {
        Path file = write("bad.yaml", VALID.replace("interval: 15m", "interval: -5m")
                .replace("pulses-per-kwh: 1000", "pulses-per-kwh: -1")
                .replace("  endpoint: meter-1", "  endpoint: meter 1"));

        int code = execute("check-config", file.toString());

        assertThat(code).isEqualTo(2);
        assertThat(errorLines()).hasSize(3).allSatisfy(line -> assertThat(line)
                .matches("error: " + Pattern.quote(file.toString()) + ":\\d+:\\d+: [a-z\\[\\]0-9.-]+: .+"));
        assertThat(errorLines()).extracting(l -> l.split(": ")[2])
                .containsExactly("node.endpoint", "sampling.interval", "channels[0].pulses-per-kwh");
    }

    @Test
    void check_config_of_a_missing_file_says_no_such_file() {
        Path missing = dir.resolve("nope.yaml");

        int code = execute("check-config", missing.toString());

        assertThat(code).isEqualTo(2);
        assertThat(errorLines()).containsExactly("error: " + missing + ": no such file");
    }

    @Test
    void check_config_without_a_file_asks_for_one() {
        int code = execute("check-config");

        assertThat(code).isEqualTo(2);
        assertThat(errorLines()).containsExactly("error: give a config FILE (or --print-defaults)");
    }

    @Test
    void run_refuses_malformed_yaml_with_exit_2() throws IOException {
        Path file = write("bad.yaml", VALID.replace("board: sim", "board: sim: x"));

        int code = execute("run", "--config", file.toString());

        assertThat(code).isEqualTo(2);
        assertThat(errorLines()).containsExactly(
                "error: " + file + ":3:11: not valid YAML: mapping values are not allowed here");
        assertThat(dir.resolve("state")).as("no node was opened").doesNotExist();
    }

    @Test
    void run_refuses_an_unknown_key_with_exit_2() throws IOException {
        Path file = write("bad.yaml", VALID.replace("  interval: 15m", "  interval: 15m\n  algin: true"));

        int code = execute("run", "-c", file.toString());

        assertThat(code).isEqualTo(2);
        assertThat(errorLines()).singleElement().asString().startsWith("error: " + file + ":6:3: sampling.algin: ");
    }

    @Test
    void run_refuses_a_negative_interval_with_exit_2() throws IOException {
        Path file = write("bad.yaml", VALID.replace("interval: 15m", "interval: -5m"));

        int code = execute("run", "--config", file.toString());

        assertThat(code).isEqualTo(2);
        assertThat(errorLines()).containsExactly(
                "error: " + file + ":5:13: sampling.interval: must not be negative (was '-5m')");
        assertThat(dir.resolve("state")).doesNotExist();
    }

    @Test
    void run_of_a_missing_file_says_no_such_file_with_exit_2() {
        Path missing = dir.resolve("nope.yaml");

        int code = execute("run", "--config", missing.toString());

        assertThat(code).isEqualTo(2);
        assertThat(errorLines()).containsExactly("error: " + missing + ": no such file");
    }

    @Test
    void run_refuses_a_bad_duration_before_reading_the_config() {
        int code = execute("run", "--config", dir.resolve("never-read.yaml").toString(), "--duration", "soon");

        assertThat(code).isEqualTo(2);
        assertThat(errorLines()).singleElement().asString().startsWith("error: --duration: ");
    }

    @Test
    void run_without_config_is_a_usage_error() {
        int code = execute("run");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--config");
    }

    @Test
    void print_defaults_writes_the_documented_file_with_every_top_level_key() {
        int code = execute("check-config", "--print-defaults");

        assertThat(code).isZero();
        assertThat(out.toString()).isEqualTo(ConfigKeys.documentedDefaults());
        List<String> topLevel = out.toString().lines().filter(l -> l.matches("[a-z-]+:.*"))
                .map(l -> l.substring(0, l.indexOf(':'))).toList();
        assertThat(topLevel).containsExactlyElementsOf(
                ConfigKeys.childrenOf("").stream().map(ConfigKey::name).toList());
        assertThat(topLevel).contains("node", "board", "sampling", "channels", "server", "uplink", "storage");
    }

    @Test
    void printed_defaults_check_ok_once_the_required_keys_are_filled() throws IOException {
        execute("check-config", "--print-defaults");
        Path file = write("defaults.yaml", ConfigTexts.filledDefaults(out.toString(), "state"));
        out.getBuffer().setLength(0);

        int code = execute("check-config", file.toString());

        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        assertThat(out.toString()).startsWith(file + ": OK — endpoint 'meter-1', board 'sim', " + ConfigTexts.FILLED_CHANNEL_IDS.size() + " channel(s)");
    }

    @Test
    void printed_defaults_unfilled_only_ask_for_the_required_keys() throws IOException {
        execute("check-config", "--print-defaults");
        Path file = write("defaults.yaml", out.toString());

        int code = execute("check-config", file.toString());

        assertThat(code).isEqualTo(2);
        assertThat(errorLines()).isNotEmpty().allSatisfy(line -> assertThat(line)
                .startsWith("error: " + file + ":").contains("needs"));
    }

    private int execute(String... args) {
        CommandLine cl = MeternodeCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private List<String> errorLines() {
        return err.toString().lines().filter(l -> !l.startsWith("warning: ")).toList();
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}

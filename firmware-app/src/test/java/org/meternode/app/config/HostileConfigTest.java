package org.meternode.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The hostile configs the fuzzer finds by chance, each pinned down with its exact message. */
class HostileConfigTest {
    @TempDir
    Path dir;

    @Test
    void a_mistyped_server_section_is_reported_missing_with_the_unknown_key_and_its_line() {
        List<ConfigProblem> problems = ConfigTexts.problems(ConfigTexts.MINIMAL.replace("server:", "servr:"));

        assertThat(problems).extracting(ConfigProblem::toString).containsExactly(
                "meternode.yaml:1:1: server: required section is missing",
                "meternode.yaml:11:1: servr: unknown key; did you mean 'server'?");
    }

    @Test
    void every_other_required_section_written_wrong_is_named_too() {
        for (String section : List.of("node", "channels", "storage")) {
            List<ConfigProblem> problems = ConfigTexts.problems(
                    ConfigTexts.MINIMAL.replace(section + ":", section.substring(1) + ":"));
            assertThat(problems).as(section).anySatisfy(p -> {
                assertThat(p.key()).isEqualTo(section);
                assertThat(p.line()).isPositive();
                assertThat(p.message()).startsWith("required");
            });
        }
        List<ConfigProblem> security = ConfigTexts.problems(ConfigTexts.MINIMAL.replace("security:", "secrity:"));
        assertThat(security).extracting(ConfigProblem::toString)
                .contains("meternode.yaml:11:1: server.security: required section is missing");
    }

    @Test
    @Timeout(5)
    void a_billion_laughs_alias_bomb_is_refused_at_the_alias_that_breaks_the_limit() {
        StringBuilder bomb = new StringBuilder(ConfigTexts.MINIMAL).append("board-options:\n  a0: &a0 [lol, lol]\n");
        for (int i = 1; i < 30; i++) {
            String prev = "*a" + (i - 1);
            bomb.append("  a").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, prev))).append("]\n");
        }

        ConfigProblem problem = ConfigTexts.problem(bomb.toString());

        assertThat(problem.message()).isEqualTo("more than 100 aliases (*name); write the values out");
        assertThat(problem.line()).isEqualTo(31);
    }

    @Test
    void an_alias_inside_its_own_anchor_is_refused_as_a_cycle() {
        ConfigProblem problem = ConfigTexts.problem(ConfigTexts.MINIMAL + "board-options: &loop\n  self: *loop\n");

        assertThat(problem.toString()).isEqualTo(
                "meternode.yaml:19:9: alias *loop refers to the collection it is in (a cycle)");
    }

    @Test
    void nesting_deeper_than_any_config_needs_is_refused_without_a_stack_overflow() {
        String deep = ConfigTexts.MINIMAL + "board-options: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";

        ConfigProblem problem = ConfigTexts.problem(deep);

        assertThat(problem.toString()).isEqualTo(
                "meternode.yaml:18:79: nested more than 64 levels deep; a node config needs a few");
    }

    @Test
    void an_explicit_tag_is_refused_where_it_is_written() {
        ConfigProblem problem = ConfigTexts.problem(
                ConfigTexts.MINIMAL.replace("pulses-per-kwh: 1000", "pulses-per-kwh: !!int x"));

        assertThat(problem.toString()).isEqualTo(
                "meternode.yaml:10:21: explicit tag !!int is not used in a node config; write the plain value");
    }

    @Test
    void a_control_character_is_placed_at_its_line_and_column() {
        ConfigProblem problem = ConfigTexts.problem(ConfigTexts.MINIMAL.replace("meter-1\nboard", "met\u0001er-1\nboard"));

        assertThat(problem.toString()).isEqualTo(
                "meternode.yaml:2:16: not valid YAML: character U+0001 is not allowed in YAML text");
    }

    @Test
    void a_byte_that_is_not_utf8_is_placed_at_its_line_and_column() throws Exception {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, ConfigTexts.MINIMAL.replace("meter-1\nboard", "m\u00e9ter-1\nboard")
                .getBytes(StandardCharsets.ISO_8859_1));

        ConfigException e = org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(file));

        assertThat(e.getProblems()).extracting(ConfigProblem::toString).containsExactly(
                file + ":2:14: is not UTF-8 text (byte 0xE9); save the file as UTF-8");
    }

    @Test
    void a_10_mb_config_is_refused_quickly_before_it_is_read() throws Exception {
        Path file = dir.resolve("huge.yaml");
        Files.writeString(file, ConfigTexts.MINIMAL + "#" + "x".repeat(10 * 1024 * 1024) + "\n");
        long started = System.nanoTime();

        ConfigException e = org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(file));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(e.getProblems()).extracting(ConfigProblem::toString).containsExactly(file
                + ": is too large for a node config (" + Files.size(file) + " bytes, at most 1048576 bytes)");
    }

    @Test
    void a_directory_given_as_the_config_is_refused_by_name() {
        ConfigException e = org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(dir));

        assertThat(e.getProblems()).extracting(ConfigProblem::toString)
                .containsExactly(dir + ": is a directory, not a config file");
    }
}

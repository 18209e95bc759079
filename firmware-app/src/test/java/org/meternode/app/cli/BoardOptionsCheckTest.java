package org.meternode.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.config.ConfigTexts;
import picocli.CommandLine;

/** {@code check-config} asks the board profile about board-options exactly as {@code run} does. */
class BoardOptionsCheckTest {
    @TempDir
    Path dir;

    @Test
    void a_board_option_run_refuses_is_refused_by_check_config_with_the_same_message() throws Exception {
        Path file = dir.resolve("meternode.yaml");
        Files.writeString(file, ConfigTexts.MINIMAL.replace("path: /var/lib/meternode", "path: state")
                .replace("board: sim\n", "board: sim\nboard-options:\n  sped: 60\n"));

        Result check = execute("check-config", file.toString());
        Result run = execute("run", "--config", file.toString(), "--duration", "1s");

        assertThat(check.code).isEqualTo(MeternodeCommand.EXIT_CONFIG);
        assertThat(run.code).isEqualTo(MeternodeCommand.EXIT_CONFIG);
        assertThat(check.err).startsWith("error: board-options.sped (" + file + ":5:3): unknown key");
        assertThat(check.err).isEqualTo(run.err);
    }

    @Test
    void an_unknown_board_is_refused_by_check_config_as_by_run() throws Exception {
        Path file = dir.resolve("meternode.yaml");
        Files.writeString(file, ConfigTexts.MINIMAL.replace("path: /var/lib/meternode", "path: state")
                .replace("board: sim", "board: pie"));

        Result check = execute("check-config", file.toString());

        assertThat(check.code).isEqualTo(MeternodeCommand.EXIT_CONFIG);
        assertThat(check.err).startsWith("error: board 'pie': no such board profile on the class path");
        assertThat(dir.resolve("state")).doesNotExist();
    }

    private record Result(int code, String err) {
    }

    private static Result execute(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = MeternodeCommand.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, err.toString().lines().filter(l -> l.startsWith("error")).findFirst().orElse(""));
    }
}

package org.meternode.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.config.ConfigTexts;
import picocli.CommandLine;

/** The shared answer to a bad command line, and key files others may read. */
class CliErrorsTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    @Test
    void an_unknown_flag_is_one_error_line_and_a_hint() {
        int code = execute("check-config", "--confg", "x.yaml");

        assertThat(code).isEqualTo(CliErrors.EXIT_USAGE);
        assertThat(err.toString().lines()).containsExactly("error: Unknown option: '--confg'",
                "Try 'meternode check-config --help' for more information.");
    }

    @Test
    void debug_adds_the_stack_trace() {
        int code = execute("--debug", "check-config", "--confg", "x.yaml");

        assertThat(code).isEqualTo(CliErrors.EXIT_USAGE);
        assertThat(err.toString()).startsWith("error: Unknown option: '--confg'").contains("\tat picocli.");
    }

    @Test
    void a_world_readable_psk_file_is_refused_with_the_chmod_that_fixes_it() throws Exception {
        Path key = dir.resolve("psk.hex");
        Files.writeString(key, "00112233");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Path config = dir.resolve("meternode.yaml");
        Files.writeString(config, ConfigTexts.MINIMAL.replace("key-hex: 00112233", "key-file: " + key));

        int code = execute("check-config", config.toString());

        assertThat(code).isEqualTo(MeternodeCommand.EXIT_CONFIG);
        assertThat(err.toString().lines()).containsExactly("error: " + config + ":15:15: server.security.key-file: "
                + key + " is readable by group or others (mode rw-r--r-- = 0644); a key file must be mode 0600: chmod 600 "
                + key);
    }

    private int execute(String... args) {
        CommandLine cl = MeternodeCommand.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }
}

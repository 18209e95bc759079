package org.meternode.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 19, surface 2: {@code meterctl head-end} key files that are missing, unreadable or readable
 * by others get one error line naming the file (and the chmod that fixes it), exit 2, and no head-end.
 */
@org.junit.jupiter.api.Timeout(60) // a head-end that started by mistake would wait for a signal
class MeterctlKeyFilesTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    @Test
    void a_world_readable_psk_file_is_refused_with_the_chmod_that_fixes_it() throws Exception {
        Path psks = dir.resolve("psks.txt");
        Files.writeString(psks, "meter-1:meter-1:00112233445566778899aabbccddeeff\n");
        Files.setPosixFilePermissions(psks, PosixFilePermissions.fromString("rw-r--r--"));

        int code = headEnd("--psk-file", psks.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly("error: --psk-file " + psks
                + " is readable by group or others (mode rw-r--r-- = 0644); a key file must be mode 0600: chmod 600 "
                + psks);
    }

    @Test
    void a_missing_psk_file_is_named() {
        Path psks = dir.resolve("absent.txt");

        assertThat(headEnd("--psk-file", psks.toString())).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly("error: " + psks + ": no such file");
    }

    @Test
    void a_world_readable_head_end_key_is_refused() throws Exception {
        Path key = dir.resolve("head-end.key");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw-rw-"));

        assertThat(headEnd("--key", key.toString())).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString().startsWith("error: ").contains(key.toString())
                .contains("chmod 600 " + key);
    }

    @Test
    void a_bad_line_in_a_private_psk_file_names_file_and_line() throws Exception {
        Path psks = dir.resolve("psks.txt");
        Files.writeString(psks, "# nodes\nmeter-1:meter-1:00112233445566778899aabbccddeeff\nmeter-2:zz\n");
        Files.setPosixFilePermissions(psks, PosixFilePermissions.fromString("rw-------"));

        assertThat(headEnd("--psk-file", psks.toString())).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString().startsWith("error: " + psks + ":3: ");
    }

    private int headEnd(String... args) {
        CommandLine cl = Meterctl.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        String[] argv = new String[args.length + 5];
        argv[0] = "head-end";
        argv[1] = "--port";
        argv[2] = "0";
        argv[3] = "--db";
        argv[4] = dir.resolve("head-end.db").toString();
        System.arraycopy(args, 0, argv, 5, args.length);
        return cl.execute(argv);
    }
}

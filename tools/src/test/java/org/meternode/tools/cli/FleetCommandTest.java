package org.meternode.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.tools.fleet.PskFile;
import org.meternode.tools.headend.PskEntry;
import picocli.CommandLine;

/** {@code meterctl fleet} and {@code fleet psks}: credentials written safely, bad arguments named. */
class FleetCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run meterctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Meterctl.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    private Path psks(int nodes) throws Exception {
        Path file = dir.resolve("fleet-" + nodes + ".psk");
        assertThat(meterctl("fleet", "psks", "--nodes", String.valueOf(nodes), "--out", file.toString()).code()).isZero();
        return file;
    }

    /** {@code meterctl fleet} with working options, except those {@code changed} (option, value pairs). */
    private Run fleet(Path psks, String... changed) {
        java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
        options.put("--nodes", "3");
        options.put("--server", "coaps://127.0.0.1:5684");
        options.put("--psk-file", psks.toString());
        options.put("--interval", "10s");
        options.put("--duration", "30s");
        for (int i = 0; i < changed.length; i += 2) {
            options.put(changed[i], changed[i + 1]);
        }
        List<String> args = new java.util.ArrayList<>(List.of("fleet"));
        options.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return meterctl(args.toArray(String[]::new));
    }

    @Test
    void psks_writes_one_fresh_entry_a_node_mode_0600_and_prints_no_key() throws Exception {
        Path file = dir.resolve("f.psk");
        Run run = meterctl("fleet", "psks", "--nodes", "4", "--prefix", "lab-", "--out", file.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("wrote 4 PSK entries (lab-00001 .. lab-00004)").contains("mode 0600");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        List<PskEntry> entries = PskFile.read(file);
        assertThat(entries).extracting(PskEntry::endpoint).containsExactly("lab-00001", "lab-00002", "lab-00003",
                "lab-00004");
        assertThat(entries).allSatisfy(e -> assertThat(e.key()).hasSize(16));
        assertThat(entries.stream().map(e -> java.util.HexFormat.of().formatHex(e.key())).distinct()).hasSize(4);
        for (PskEntry e : entries) {
            assertThat(run.out()).doesNotContain(java.util.HexFormat.of().formatHex(e.key()));
        }
        // The head-end reads the same file.
        assertThat(org.meternode.tools.cli.HeadEndCommand.lines(file, PskEntry::parse)).hasSize(4);
    }

    @Test
    void psks_refuses_to_replace_a_key_file() throws Exception {
        Path file = psks(2);
        Run again = meterctl("fleet", "psks", "--nodes", "2", "--out", file.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("--out " + file + ": already exists");
    }

    @Test
    void a_missing_option_is_named() {
        Run run = meterctl("fleet", "--nodes", "3");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("missing option --server coaps://HOST:PORT");
    }

    @Test
    void a_duration_without_unit_is_refused_by_option_name() throws Exception {
        Run run = fleet(psks(3), "--interval", "10");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("--interval").contains("no unit");
    }

    @Test
    void bad_values_say_which_option_and_why() throws Exception {
        Path file = psks(3);
        assertThat(fleet(file, "--nodes", "0").err()).contains("--nodes 0: must be at least 1");
        assertThat(fleet(file, "--server", "coap://127.0.0.1:5683").err())
                .contains("--server coap://127.0.0.1:5683: must be coaps://HOST:PORT");
        assertThat(fleet(file, "--duration", "5s").err()).contains("--duration 5 s is shorter than --interval 10 s");
        assertThat(fleet(file, "--spread", "10s").err()).contains("--spread 10000 ms: must be 0 or more and shorter than");
        assertThat(fleet(file, "--streams", "40").err()).contains("--streams 40: must be 1..32");
        assertThat(fleet(file, "--backoff", "5s").err()).contains("--backoff 5s: write BASE:CAP");
        assertThat(fleet(file, "--backoff", "5s:1s").err()).contains("backoff cap PT1S is below its base PT5S");
    }

    @Test
    void a_psk_file_with_too_few_nodes_says_how_many_and_how_to_make_one() throws Exception {
        Path file = psks(2);
        Run run = fleet(file);
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("2 entries with endpoint prefix 'fleet-', --nodes asks for 3")
                .contains("meterctl fleet psks --nodes 3");
    }

    @Test
    void a_psk_file_others_can_read_or_a_bad_line_is_refused_with_its_place() throws Exception {
        Path open = dir.resolve("open.psk");
        Files.writeString(open, "fleet-00001:fleet-00001:00112233445566778899aabbccddeeff\n");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(fleet(open).err()).contains("--psk-file " + open + " is readable by group or others");

        Path bad = dir.resolve("bad.psk");
        Files.writeString(bad, "# fleet\nfleet-00001:fleet-00001:00112233445566778899aabbccddeeff\nfleet-00002:zz\n");
        Files.setPosixFilePermissions(bad, PosixFilePermissions.fromString("rw-------"));
        assertThat(fleet(bad).err()).contains(bad + ":3: PSK entry must be ENDPOINT:IDENTITY:HEXKEY");
    }
}

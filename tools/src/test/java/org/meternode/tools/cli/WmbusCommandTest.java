package org.meternode.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code meterctl decode wmbus} on the golden wM-Bus telegrams, with and without their keys. */
class WmbusCommandTest {
    private static final Path GOLDEN = Path.of("../testkit/src/main/resources/telegrams");
    private static final String KAMSTRUP = "wmbus-kamstrup-multical21-ell-aes-ctr.hex";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Meterctl.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private static String header(String name, String field) throws IOException {
        return Files.readAllLines(GOLDEN.resolve(name)).stream().filter(l -> l.startsWith("# " + field + ":"))
                .map(l -> l.substring(field.length() + 3).strip().split("\\s+")[0]).findFirst().orElseThrow();
    }

    private static String hex(String name) throws IOException {
        return String.join("", Files.readAllLines(GOLDEN.resolve(name)).stream().filter(l -> !l.startsWith("#")).toList());
    }

    @Test
    void decodes_and_decrypts_a_kamstrup_c1_telegram_with_its_key() throws Exception {
        int code = run("decode", "wmbus", hex(KAMSTRUP), "--key", header(KAMSTRUP, "Key"));

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("link    KAM 76348799").contains("ELL AES-CTR")
                .containsPattern("VOLUME\\s+6\\.408 m3  storage=0");
    }

    @Test
    void an_encrypted_telegram_without_its_key_names_the_meter_and_gives_no_values() throws Exception {
        int code = run("decode", "wmbus", hex(KAMSTRUP));

        assertThat(code).isOne();
        assertThat(err.toString()).contains("no key for meter 76348799");
        assertThat(out.toString()).doesNotContain("VOLUME");
    }

    @Test
    void a_wrong_key_is_refused_and_gives_no_values() throws Exception {
        int code = run("decode", "wmbus", hex(KAMSTRUP), "--key", "000102030405060708090A0B0C0D0E0F");

        assertThat(code).isOne();
        assertThat(err.toString()).isNotBlank();
        assertThat(out.toString()).doesNotContain("VOLUME");
    }

    @Test
    void decodes_every_plain_corpus_telegram_without_a_key() throws Exception {
        List<Path> plain;
        try (var files = Files.list(GOLDEN)) {
            plain = files.filter(f -> f.getFileName().toString().startsWith("wmbus-")).filter(f -> {
                try {
                    return Files.readAllLines(f).stream().noneMatch(l -> l.startsWith("# Key:"));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertThat(plain).hasSizeGreaterThanOrEqualTo(5);
        for (Path f : plain) {
            out.getBuffer().setLength(0);
            assertThat(run("decode", "wmbus", hex(f.getFileName().toString()))).as(f + ": " + err).isZero();
            assertThat(out.toString()).as(f.toString()).contains("security none").contains("INSTANTANEOUS");
        }
    }

    @Test
    void bad_arguments_name_what_is_wrong() throws Exception {
        assertThat(run("decode", "wmbus", "2E44zz")).isEqualTo(2);
        assertThat(err.toString()).contains("the telegram is not hex digits");
        assertThat(run("decode", "wmbus", hex(KAMSTRUP), "--key", "0011")).isEqualTo(2);
        assertThat(err.toString()).contains("--key must be 32 hex digits (AES-128), got 4");
        assertThat(run("wmbus", "listen", "--port", "/dev/null", "--mode", "t2")).isEqualTo(2);
        assertThat(err.toString()).contains("--mode must be t1, c1 or s1, not t2");
        assertThat(run("wmbus", "listen", "--port", "/dev/null", "--stick", "cul")).isEqualTo(2);
        assertThat(err.toString()).contains("wM-Bus stick kind 'cul' is unknown; known: im871a, amb8465");
    }
}

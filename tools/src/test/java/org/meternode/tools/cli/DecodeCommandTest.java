package org.meternode.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code meterctl decode} on the golden telegrams of the hal decoders. */
class DecodeCommandTest {
    private static final Path GOLDEN = Path.of("../hal/src/test/resources/telegrams");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Meterctl.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /** A golden .txt telegram as the port delivers it: '#' header lines dropped, CR LF line ends. */
    private Path capture(String name) throws IOException {
        String text = Files.readString(GOLDEN.resolve(name), StandardCharsets.ISO_8859_1);
        String body = text.lines().dropWhile(l -> l.startsWith("#")).collect(Collectors.joining("\r\n")) + "\r\n";
        Path file = dir.resolve(name);
        Files.write(file, body.getBytes(StandardCharsets.ISO_8859_1));
        return file;
    }

    private static String hex(String name) throws IOException {
        return Files.readAllLines(GOLDEN.resolve(name)).stream().filter(l -> !l.startsWith("#"))
                .collect(Collectors.joining());
    }

    @Test
    void decodes_a_dsmr_telegram() throws Exception {
        int code = run("decode", "dsmr", capture("iskra-am550-dsmr50-capture.txt").toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("header    ISK5\\2M550T-1013").contains("crc       checked, good")
                .containsPattern("1-0:1\\.8\\.1\\s+2236\\.186 kWh").containsPattern("1-0:2\\.7\\.0\\s+0\\.662 kW");
    }

    @Test
    void skips_leading_garbage() throws Exception {
        int code = run("decode", "dsmr", capture("iskra-am550-dsmr50-leading-garbage.txt").toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("skipped").contains("1-0:1.8.1");
    }

    @Test
    void a_bad_crc_prints_the_decoder_message_and_exits_1() throws Exception {
        int code = run("decode", "dsmr", capture("iskra-am550-dsmr50-bad-crc.txt").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).containsIgnoringCase("crc");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void a_truncated_telegram_exits_1() throws Exception {
        int code = run("decode", "dsmr", capture("iskra-am550-dsmr50-truncated.txt").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isNotBlank();
    }

    @Test
    void decodes_an_mbus_rsp_ud() throws Exception {
        int code = run("decode", "mbus", hex("kamstrup-electricity-rsp-ud.hex"));

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("RSP_UD").contains("meter ").contains("storage=");
    }

    @Test
    void an_mbus_checksum_error_exits_1() throws Exception {
        int code = run("decode", "mbus", hex("emh-diz-bad-checksum.hex"));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).containsIgnoringCase("checksum");
    }

    @Test
    void a_truncated_mbus_frame_exits_1() throws Exception {
        int code = run("decode", "mbus", hex("schneider-iem3275-truncated.hex"));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isNotBlank();
    }
}

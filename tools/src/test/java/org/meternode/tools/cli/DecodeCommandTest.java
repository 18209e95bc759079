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
import org.meternode.hal.meter.GoldenCorpus;
import picocli.CommandLine;

/** {@code meterctl decode} on the golden telegrams of the hal decoders. */
class DecodeCommandTest {
    private static final Path GOLDEN = Path.of("../testkit/src/main/resources/telegrams");

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

    /** A golden file's wire bytes (hex decoded, IEC control characters and CR LF restored) in a file. */
    private Path wire(String name) throws IOException {
        Path file = dir.resolve(name + ".bin");
        Files.write(file, GoldenCorpus.bytes(name));
        return file;
    }

    @Test
    void decodes_an_sml_file_given_as_raw_bytes() throws Exception {
        int code = run("decode", "sml", wire("easymeter-q3ba1022-push.hex").toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("CRCs checked, good")
                .containsPattern("1-0:1\\.8\\.0\\*255\\s+8603838\\.7975 Wh")
                .containsPattern("1-0:1\\.7\\.0\\*255\\s+109\\.52 W");
    }

    @Test
    void decodes_an_sml_file_given_as_hex_text_with_comments() throws Exception {
        int code = run("decode", "sml", GOLDEN.resolve("emh-ehz-push.hex").toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).containsPattern("1-0:1\\.8\\.0\\*255\\s+232484\\.9 Wh");
    }

    @Test
    void an_sml_file_with_a_bad_crc_or_cut_short_exits_1_with_the_decoders_message() throws Exception {
        int badCrc = run("decode", "sml", GOLDEN.resolve("easymeter-q3ba1022-bad-crc.hex").toString());
        String badCrcErr = err.toString();
        err.getBuffer().setLength(0);
        int truncated = run("decode", "sml", GOLDEN.resolve("easymeter-q3ba1022-truncated.hex").toString());

        assertThat(badCrc).isEqualTo(1);
        assertThat(badCrcErr).containsIgnoringCase("crc");
        assertThat(truncated).isEqualTo(1);
        assertThat(err.toString()).isNotBlank();
        assertThat(out.toString()).doesNotContain("1-0:1.8.0");
    }

    @Test
    void decodes_an_iec62056_mode_c_readout() throws Exception {
        int code = run("decode", "iec62056", wire("lem-em4tii-mode-c.txt").toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("meter     EMH D4EM4TIIW001--").contains("9600 (mode C)")
                .contains("bcc       checked, good").containsPattern("1-0:1\\.8\\.0\\*255\\s+000000000\\.0 kWh");
    }

    @Test
    void decodes_an_unframed_push_readout() throws Exception {
        int code = run("decode", "iec62056", wire("easymeter-q3da3024-push.txt").toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("none (unframed push data)");
    }

    @Test
    void an_iec62056_readout_with_a_bad_bcc_or_truncated_exits_1() throws Exception {
        int badBcc = run("decode", "iec62056", wire("lem-em4tii-mode-c-bad-bcc.txt").toString());
        String badBccErr = err.toString();
        err.getBuffer().setLength(0);
        int truncated = run("decode", "iec62056", wire("lem-em4tii-mode-c-truncated.txt").toString());

        assertThat(badBcc).isEqualTo(1);
        assertThat(badBccErr).contains("BCC");
        assertThat(truncated).isEqualTo(1);
        assertThat(err.toString()).contains("truncated");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void decodes_an_iec62056_data_message_alone_reporting_no_identification() throws Exception {
        int code = run("decode", "iec62056", wire("lem-em4tii-data-message.txt").toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("meter     - (no identification line: data message only)")
                .containsPattern("baud {6}-\\R").doesNotContain("option    ").contains("bcc       checked, good")
                .containsPattern("1-0:1\\.8\\.0\\*255\\s+000000000\\.0 kWh")
                .containsPattern("0-0:C\\.1\\.0\\*255\\s+03878504");
    }

    @Test
    void decodes_an_iec62056_data_message_behind_the_echoed_option_select_after_leading_bytes() throws Exception {
        byte[] capture = GoldenCorpus.bytes("lem-em4tii-data-message-ack-echo.txt");
        Path file = dir.resolve("echo.bin");
        byte[] withNoise = new byte[capture.length + 3];
        withNoise[0] = 0x7F;
        withNoise[1] = '\r';
        withNoise[2] = '\n';
        System.arraycopy(capture, 0, withNoise, 3, capture.length);
        Files.write(file, withNoise);

        int code = run("decode", "iec62056", file.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("(skipped 3 byte(s) before the readout)")
                .contains("meter     - (no identification line: data message only)")
                .contains("baud      9600 (option select)").contains("option    ACK 0 5 0 (data readout)")
                .contains("bcc       checked, good").containsPattern("1-0:0\\.3\\.0\\*255\\s+6\\.00 Imp/kWh");
    }

    @Test
    void an_iec62056_data_message_with_a_bad_bcc_exits_1_naming_the_bcc() throws Exception {
        Path file = wire("lem-em4tii-data-message-bad-bcc.txt");

        int code = run("decode", "iec62056", file.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains(file + ": BCC is 2Bh, the data message gives 41h at byte offset ");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void a_capture_without_readout_start_exits_1() throws Exception {
        Path file = dir.resolve("lines.txt");
        Files.writeString(file, "1-0:1.8.0*255(000000000.0*kWh)\r\n!\r\n", StandardCharsets.US_ASCII);

        int code = run("decode", "iec62056", file.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("no identification line '/', option select (ACK) or data message (STX) found");
    }
}

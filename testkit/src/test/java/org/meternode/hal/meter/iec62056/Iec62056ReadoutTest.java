package org.meternode.hal.meter.iec62056;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meternode.hal.meter.ChecksumException;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.meter.FuzzRun;
import org.meternode.hal.meter.GoldenCorpus;
import org.meternode.hal.meter.Mutator;

/** {@link Iec62056Readout#decode}: whole readouts and captures of the data message alone. */
class Iec62056ReadoutTest {
    private static final Iec62056DataBlock LEM_DATA = data("lem-em4tii-mode-c.txt");

    private static Iec62056DataBlock data(String file) {
        try {
            return Iec62056DataBlock.decode(Iec62056Test.identificationAndRest(file)[1]);
        } catch (DecodingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void decodes_a_data_message_alone_reporting_no_identification() throws DecodingException {
        Iec62056Readout readout = Iec62056Readout.decode(GoldenCorpus.bytes("lem-em4tii-data-message.txt"));

        assertThat(readout.identification()).isEmpty();
        assertThat(readout.optionSelect()).isEmpty();
        assertThat(readout.data().bccChecked()).isTrue();
        assertThat(readout.data()).isEqualTo(LEM_DATA);
        assertThat(readout.data().dataSet("1-0:0.3.0*255")).contains(new Iec62056DataSet("1-0:0.3.0*255", "6.00", "Imp/kWh"));
    }

    @Test
    void decodes_a_data_message_behind_the_echoed_option_select() throws DecodingException {
        Iec62056Readout readout = Iec62056Readout.decode(GoldenCorpus.bytes("lem-em4tii-data-message-ack-echo.txt"));

        assertThat(readout.identification()).isEmpty();
        assertThat(readout.optionSelect()).contains(new Iec62056OptionSelect('0', '5', '0'));
        assertThat(readout.optionSelect().orElseThrow().baud()).isEqualTo(OptionalInt.of(9600));
        assertThat(readout.data()).isEqualTo(LEM_DATA);
    }

    @Test
    void rejects_a_data_message_with_a_bad_bcc_naming_both_values_and_where() {
        byte[] capture = GoldenCorpus.bytes("lem-em4tii-data-message-bad-bcc.txt");

        assertThatThrownBy(() -> Iec62056Readout.decode(capture)).isInstanceOf(ChecksumException.class)
                .hasMessage("BCC is 2Bh, the data message gives 41h at byte offset " + (capture.length - 1));
    }

    @Test
    void reports_offsets_in_the_whole_capture_behind_an_option_select() {
        byte[] good = GoldenCorpus.bytes("lem-em4tii-data-message-ack-echo.txt");
        byte[] bad = good.clone();
        bad[bad.length - 1] = 'A';

        assertThatThrownBy(() -> Iec62056Readout.decode(bad)).isInstanceOf(ChecksumException.class)
                .hasMessage("BCC is 2Bh, the data message gives 41h at byte offset " + (bad.length - 1));
    }

    @Test
    void decodes_a_whole_mode_c_readout_with_its_identification() throws DecodingException {
        Iec62056Readout readout = Iec62056Readout.decode(GoldenCorpus.bytes("lem-em4tii-mode-c.txt"));

        assertThat(readout.identification()).contains(new Iec62056Identification("EMH", '5', "@", "D4EM4TIIW001--"));
        assertThat(readout.optionSelect()).isEmpty();
        assertThat(readout.data()).isEqualTo(LEM_DATA);
    }

    @Test
    void decodes_a_readout_with_the_option_select_between_identification_and_data() throws DecodingException {
        byte[][] parts = Iec62056Test.identificationAndRest("lem-em4tii-mode-c.txt");
        byte[] capture = concat(parts[0], "\u0006050\r\n".getBytes(StandardCharsets.US_ASCII), parts[1]);

        Iec62056Readout readout = Iec62056Readout.decode(capture);

        assertThat(readout.identification().orElseThrow().manufacturer()).isEqualTo("EMH");
        assertThat(readout.optionSelect()).contains(new Iec62056OptionSelect('0', '5', '0'));
        assertThat(readout.data()).isEqualTo(LEM_DATA);
    }

    @Test
    void decodes_a_push_readout_with_blank_line_and_unframed_lines() throws DecodingException {
        Iec62056Readout readout = Iec62056Readout.decode(GoldenCorpus.bytes("easymeter-q3da3024-push.txt"));

        assertThat(readout.identification().orElseThrow().identification()).isEqualTo("Q3DA3024 V3.04");
        assertThat(readout.data().bccChecked()).isFalse();
        assertThat(readout.data().dataSets()).hasSize(5);
    }

    static Stream<Arguments> malformed() {
        byte[] message = GoldenCorpus.bytes("lem-em4tii-data-message.txt");
        byte[] unframed = Arrays.copyOfRange(message, 1, message.length - 2);
        return Stream.of(
                Arguments.of("empty", new byte[0], "empty capture at byte offset 0"),
                Arguments.of("lines without identification", unframed,
                        "capture starts with 0x31, not with an identification ('/'), an option select (ACK) or a data"
                                + " message (STX) at byte offset 0"),
                Arguments.of("option select then unframed lines", concat(ascii("\u0006050\r\n"), unframed),
                        "data message does not start with STX but 0x31 (without an identification only a framed data"
                                + " message is read) at byte offset 6"),
                Arguments.of("option select alone", ascii("\u0006050\r\n"),
                        "no data message after the option select at byte offset 6"),
                Arguments.of("option select cut short", ascii("\u000605"), "option select message cut short (3 of 6 bytes)"
                        + " at byte offset 3"),
                Arguments.of("option select without cr lf", concat(ascii("\u0006050\n\r"), message),
                        "option select message does not end with CR LF at byte offset 4"),
                Arguments.of("identification alone", ascii("/EMH5\\@D4EM4TIIW001--\r\n"),
                        "no data message after the identification at byte offset 23"),
                Arguments.of("data message cut before its bcc", Arrays.copyOf(message, message.length - 1),
                        "BCC missing after ETX at byte offset " + (message.length - 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejects_malformed_captures_naming_what_and_where(String description, byte[] capture, String message) {
        assertThatThrownBy(() -> Iec62056Readout.decode(capture)).isInstanceOf(DecodingException.class)
                .isNotInstanceOf(ChecksumException.class).hasMessage(message);
    }

    @Test
    void capture_decoder_survives_100k_random_and_mutated_captures() {
        java.util.List<byte[]> seeds = Stream.of("lem-em4tii-data-message.txt", "lem-em4tii-data-message-ack-echo.txt",
                "lem-em4tii-mode-c.txt", "easymeter-q3da3024-push.txt").map(GoldenCorpus::bytes).toList();

        FuzzRun run = FuzzRun.run(new Mutator(0x62056L, seeds, Iec62056ReadoutTest::fixBcc), Iec62056Readout::decode);

        assertThat(run.rejected()).isPositive();
        assertThat(run.accepted()).isPositive();
        assertThat(run.checksumRejections()).isPositive();
    }

    /** Recomputes the BCC of the data message from the first STX, when an ETX comes just before the last byte. */
    static byte[] fixBcc(byte[] capture) {
        int stx = 0;
        while (stx < capture.length && capture[stx] != 0x02) {
            stx++;
        }
        if (stx + 2 >= capture.length || capture[capture.length - 2] != 0x03) {
            return capture;
        }
        byte[] fixed = capture.clone();
        int bcc = 0;
        for (int i = stx + 1; i < capture.length - 1; i++) {
            bcc ^= capture[i];
        }
        fixed[capture.length - 1] = (byte) bcc;
        return fixed;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        byte[] out = new byte[0];
        for (byte[] p : parts) {
            int at = out.length;
            out = Arrays.copyOf(out, at + p.length);
            System.arraycopy(p, 0, out, at, p.length);
        }
        return out;
    }
}

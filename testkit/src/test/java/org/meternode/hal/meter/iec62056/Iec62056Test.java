package org.meternode.hal.meter.iec62056;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
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
import org.meternode.hal.meter.GoldenCorpus;

class Iec62056Test {

    /** Splits corpus bytes after the identification line. */
    static byte[][] identificationAndRest(String file) {
        byte[] bytes = GoldenCorpus.bytes(file);
        int lf = 0;
        while (bytes[lf] != '\n') {
            lf++;
        }
        return new byte[][] {Arrays.copyOf(bytes, lf + 1), Arrays.copyOfRange(bytes, lf + 1, bytes.length)};
    }

    @Test
    void decodes_mode_c_identification_with_enhanced_id_and_baud_character() throws DecodingException {
        Iec62056Identification id = Iec62056Identification.decode(identificationAndRest("lem-em4tii-mode-c.txt")[0]);

        assertThat(id).isEqualTo(new Iec62056Identification("EMH", '5', "@", "D4EM4TIIW001--"));
        assertThat(id.modeCBaud()).isEqualTo(OptionalInt.of(9600));
        assertThat(id.modeBBaud()).isEmpty();
    }

    static Stream<Arguments> baudCharacters() {
        return Stream.of(Arguments.of('0', 300), Arguments.of('1', 600), Arguments.of('2', 1200), Arguments.of('3', 2400),
                Arguments.of('4', 4800), Arguments.of('5', 9600), Arguments.of('6', 19200));
    }

    @ParameterizedTest(name = "Z = {0}: {1} baud")
    @MethodSource("baudCharacters")
    void maps_the_mode_c_baud_character_to_its_rate(char z, int baud) throws DecodingException {
        Iec62056Identification id = Iec62056Identification.decode(("/ABC" + z + "METER\r\n").getBytes(StandardCharsets.US_ASCII));

        assertThat(id.modeCBaud()).isEqualTo(OptionalInt.of(baud));
    }

    @Test
    void decodes_mode_c_data_block_and_checks_its_bcc() throws DecodingException {
        Iec62056DataBlock block = Iec62056DataBlock.decode(identificationAndRest("lem-em4tii-mode-c.txt")[1]);

        assertThat(block.bccChecked()).isTrue();
        assertThat(block.dataSets()).hasSize(18);
        assertThat(block.dataSets().get(0)).isEqualTo(new Iec62056DataSet("1-0:1.8.0*255", "000000000.0", "kWh"));
        assertThat(block.dataSet("1-0:0.3.0*255")).contains(new Iec62056DataSet("1-0:0.3.0*255", "6.00", "Imp/kWh"));
        assertThat(block.dataSet("1-0:0.0.1*255")).contains(new Iec62056DataSet("1-0:0.0.1*255", "", ""));
        assertThat(block.dataSet("0-0:C.1.0*255").orElseThrow().value()).isEqualTo("03878504");
        assertThat(block.dataSet("1-0:0.8.4*255").orElseThrow().number()).contains(new BigDecimal("5"));
    }

    @Test
    void decodes_push_meter_lines_without_stx_and_bcc() throws DecodingException {
        byte[][] parts = identificationAndRest("easymeter-q3da3024-push.txt");
        Iec62056Identification id = Iec62056Identification.decode(parts[0]);
        Iec62056DataBlock block = Iec62056DataBlock.decode(Arrays.copyOfRange(parts[1], 2, parts[1].length));

        assertThat(id).isEqualTo(new Iec62056Identification("ESY", '5', "", "Q3DA3024 V3.04"));
        assertThat(block.bccChecked()).isFalse();
        assertThat(block.dataSets()).containsExactly(
                new Iec62056DataSet("1-0:0.0.0*255", "1ESY1160142770", ""),
                new Iec62056DataSet("1-0:1.8.0*255", "00000504.9023619", "kWh"),
                new Iec62056DataSet("1-0:21.7.0*255", "-000115.94", "W"),
                new Iec62056DataSet("1-0:96.5.5*255", "80", ""),
                new Iec62056DataSet("0-0:96.1.255*255", "1ESY1160142770", ""));
        assertThat(block.dataSets().get(2).number()).contains(new BigDecimal("-115.94"));
    }

    @Test
    void decodes_several_values_and_data_sets_on_one_line() throws DecodingException {
        byte[] block = "\u00020.9.1(101415)0.9.2(130103)\r\n1.6.1(0.56*kW)(1301031315)\r\n!\r\n\u0003".getBytes(StandardCharsets.US_ASCII);
        byte[] withBcc = Arrays.copyOf(block, block.length + 1);
        int bcc = 0;
        for (int i = 1; i < block.length; i++) {
            bcc ^= block[i];
        }
        withBcc[block.length] = (byte) bcc;

        assertThat(Iec62056DataBlock.decode(withBcc).dataSets()).containsExactly(
                new Iec62056DataSet("0.9.1", "101415", ""), new Iec62056DataSet("0.9.2", "130103", ""),
                new Iec62056DataSet("1.6.1", "0.56", "kW"), new Iec62056DataSet("1.6.1", "1301031315", ""));
    }

    @Test
    void rejects_bad_bcc() {
        byte[] block = identificationAndRest("lem-em4tii-mode-c-bad-bcc.txt")[1];

        assertThatThrownBy(() -> Iec62056DataBlock.decode(block)).isInstanceOf(ChecksumException.class)
                .hasMessage("BCC is 2Bh, the data message gives 2Ch at byte offset " + (block.length - 1));
    }

    @Test
    void rejects_truncated_data_block() {
        byte[] block = identificationAndRest("lem-em4tii-mode-c-truncated.txt")[1];

        assertThatThrownBy(() -> Iec62056DataBlock.decode(block))
                .hasMessage("no end line '!' CR LF: data block truncated at byte offset " + block.length);
    }

    @Test
    void rejects_leading_garbage_in_an_identification() {
        assertThatThrownBy(() -> Iec62056Identification.decode(GoldenCorpus.bytes("easymeter-q3da1004-leading-garbage.txt")))
                .hasMessage("identification does not start with '/' at byte offset 0");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("identification too long", "/ABC5\\2ABCDEFGHIJKLMNOPQ\r\n", true, "is not 1 to 16 characters"),
                Arguments.of("identification without cr lf", "/ABC5METER", true, "identification does not end with CR LF"),
                Arguments.of("manufacturer not letters", "/A1C5METER\r\n", true, "manufacturer 'A1C' is not three letters"),
                Arguments.of("bytes after the bcc", "\u00021(2)\r\n!\r\n\u0003\u0030\u0000", false, "1 bytes after the BCC"),
                Arguments.of("no etx", "\u00021(2)\r\n!\r\nX", false, "no ETX after '!' CR LF"),
                Arguments.of("value not closed", "1(2\r\n!\r\n", false, "value of 1 not closed by ')'"),
                Arguments.of("address without value", "1.8.0\r\n!\r\n", false, "address '1.8.0' is not followed by '('"),
                Arguments.of("lf without cr", "1(2)\n!\r\n", false, "byte 0x0A is not printable ASCII"),
                Arguments.of("bytes after the end of a push", "1(2)\r\n!\r\nX", false, "1 bytes after '!' CR LF"),
                Arguments.of("bang without cr lf", "1(2)\r\n!", false, "'!' not followed by CR LF"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejects_malformed_messages_naming_what_and_where(String description, String text, boolean identification,
            String message) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> {
            if (identification) {
                Iec62056Identification.decode(bytes);
            } else {
                Iec62056DataBlock.decode(bytes);
            }
        }).isInstanceOf(DecodingException.class).hasMessageContaining(message).hasMessageContaining(" at byte offset ");
    }

    @Test
    void an_encoded_data_block_decodes_with_its_bcc_checked() throws DecodingException {
        byte[] block = Iec62056DataBlock.encode("1-0:1.8.0*255(001234.5*kWh)\r\n1-0:32.7.0(230.1*V)\r\n");

        Iec62056DataBlock decoded = Iec62056DataBlock.decode(block);

        assertThat(decoded.bccChecked()).isTrue();
        assertThat(decoded.dataSets()).containsExactly(new Iec62056DataSet("1-0:1.8.0*255", "001234.5", "kWh"),
                new Iec62056DataSet("1-0:32.7.0", "230.1", "V"));
    }
}

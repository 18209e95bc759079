package org.meternode.hal.meter.sml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.meternode.hal.meter.sml.SmlEncoder.entry;
import static org.meternode.hal.meter.sml.SmlEncoder.file;
import static org.meternode.hal.meter.sml.SmlEncoder.getListResponse;
import static org.meternode.hal.meter.sml.SmlEncoder.obis;
import static org.meternode.hal.meter.sml.SmlEncoder.octets;
import static org.meternode.hal.meter.sml.SmlEncoder.signed;
import static org.meternode.hal.meter.sml.SmlEncoder.unsigned;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.meternode.hal.meter.ChecksumException;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.meter.GoldenCorpus;
import org.openmuc.jsml.structures.Integer16;
import org.openmuc.jsml.structures.Integer32;
import org.openmuc.jsml.structures.Integer64;
import org.openmuc.jsml.structures.Integer8;
import org.openmuc.jsml.structures.SmlListEntry;
import org.openmuc.jsml.structures.SmlMessage;
import org.openmuc.jsml.structures.Unsigned16;
import org.openmuc.jsml.structures.Unsigned32;
import org.openmuc.jsml.structures.Unsigned64;
import org.openmuc.jsml.structures.Unsigned8;
import org.openmuc.jsml.structures.responses.SmlGetListRes;

class SmlFileTest {

    static Stream<Arguments> entries() {
        return Stream.of(
                Arguments.of("easymeter-q3ba1022-push.hex", "1-0:1.8.0*255", "8603838.7975", "Wh", -4),
                Arguments.of("easymeter-q3ba1022-push.hex", "1-0:2.8.0*255", "14553799.5139", "Wh", -4),
                Arguments.of("easymeter-q3ba1022-push.hex", "1-0:1.8.2*255", "1360", "Wh", 1),
                Arguments.of("easymeter-q3ba1022-push.hex", "1-0:1.7.0*255", "109.52", "W", -2),
                Arguments.of("easymeter-q3ba1022-push.hex", "1-0:96.5.5*255", "384", "", 0),
                Arguments.of("emh-ehz-push.hex", "1-0:1.8.0*255", "232484.9", "Wh", -1),
                Arguments.of("emh-ehz-push.hex", "1-0:15.7.0*255", "95.4", "W", -1),
                Arguments.of("emh-edl40-push.hex", "1-0:1.8.0*255", "25628.7", "Wh", -1),
                Arguments.of("emh-edl40-push.hex", "1-0:2.8.0*255", "265.7", "Wh", -1),
                Arguments.of("emh-edl40-push.hex", "1-0:75.7.0*255", "36.7", "W", -1));
    }

    @ParameterizedTest(name = "{0}: {1} = {2} {3}")
    @MethodSource("entries")
    void decodes_list_entry_with_scaler_and_unit(String file, String obis, String value, String unit, int scaler)
            throws DecodingException {
        SmlEntry entry = SmlFile.decode(GoldenCorpus.bytes(file)).entry(obis).orElseThrow();

        assertThat(entry.value()).isEqualByComparingTo(new BigDecimal(value));
        assertThat(entry.unit()).isEqualTo(unit);
        assertThat(entry.scaler()).isEqualTo(scaler);
    }

    @Test
    void decodes_server_id_messages_and_text_entries() throws DecodingException {
        SmlFile easymeter = SmlFile.decode(GoldenCorpus.bytes("easymeter-q3ba1022-push.hex"));

        assertThat(easymeter.messages()).isEqualTo(3);
        assertThat(easymeter.serverId()).contains("0645535901 04c5fa2ef7".replace(" ", ""));
        assertThat(easymeter.texts()).extracting(SmlText::obis, SmlText::ascii)
                .contains(org.assertj.core.groups.Tuple.tuple("129-129:199.130.3*255", "ESY"));
        assertThat(easymeter.entries()).hasSize(8);
        assertThat(easymeter.entry("1-0:1.8.0").orElseThrow().raw()).isEqualTo(BigInteger.valueOf(86038387975L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"easymeter-q3ba1022-push.hex", "emh-ehz-push.hex", "emh-edl40-push.hex"})
    void agrees_with_openmuc_jsml_on_every_numeric_entry(String file) throws Exception {
        byte[] bytes = GoldenCorpus.bytes(file);
        SmlFile ours = SmlFile.decode(bytes);

        List<String> theirs = jsmlEntries(bytes);

        assertThat(theirs).isNotEmpty();
        assertThat(ours.entries()).extracting(e -> e.obis() + " " + e.raw() + " scaler " + e.scaler())
                .containsExactlyElementsOf(theirs);
    }

    @Test
    void undoes_an_escaped_escape_sequence_inside_the_data() throws DecodingException {
        byte[] secret = {0x1B, 0x1B, 0x1B, 0x1B, 0x1B, 0x1B, 0x1B, 0x1B, 0x1B, 0x1B, 0x1B};
        byte[] smlFile = null;
        for (int pad = 0; pad < 4 && !hasEscapedEscape(smlFile); pad++) { // shift until 1B1B1B1B is block-aligned
            byte[] serverId = new byte[1 + pad];
            smlFile = file(getListResponse(serverId, entry(obis(129, 129, 199, 130, 5, 255), 255, 0, octets(secret))));
        }

        SmlFile decoded = SmlFile.decode(smlFile);

        assertThat(hasEscapedEscape(smlFile)).isTrue();
        assertThat(decoded.texts()).singleElement().satisfies(t -> assertThat(t.octets()).isEqualTo(secret));
    }

    @Test
    void decodes_negative_and_eight_byte_values_exactly() throws DecodingException {
        byte[] message = getListResponse(new byte[] {1},
                entry(obis(1, 0, 16, 7, 0, 255), 27, -1, signed(-1234567890123L, 6)),
                entry(obis(1, 0, 1, 8, 0, 255), 30, -4, unsigned(-1L, 8)));

        SmlFile decoded = SmlFile.decode(file(message));

        assertThat(decoded.entries()).containsExactly(
                new SmlEntry("1-0:16.7.0*255", new BigDecimal("-123456789012.3"), "W", BigInteger.valueOf(-1234567890123L), -1),
                new SmlEntry("1-0:1.8.0*255", new BigDecimal("1844674407370955.1615"), "Wh",
                        new BigInteger("18446744073709551615"), -4));
    }

    @Test
    void rejects_bad_crc() {
        assertThatThrownBy(() -> SmlFile.decode(GoldenCorpus.bytes("easymeter-q3ba1022-bad-crc.hex")))
                .isInstanceOf(ChecksumException.class)
                .hasMessage("CRC mismatch: file says 5030, bytes give 086C at byte offset 306");
    }

    @Test
    void rejects_a_message_whose_own_crc_does_not_match() {
        byte[] bad = GoldenCorpus.bytes("easymeter-q3ba1022-bad-crc.hex");
        byte[] transportFixed = SmlEncoder.withTransportCrc(Arrays.copyOf(bad, bad.length - 2));

        assertThatThrownBy(() -> SmlFile.decode(transportFixed))
                .isInstanceOf(ChecksumException.class)
                .hasMessageStartingWith("SML message CRC mismatch: message says 5257");
    }

    @Test
    void rejects_truncated_file() {
        assertThatThrownBy(() -> SmlFile.decode(GoldenCorpus.bytes("easymeter-q3ba1022-truncated.hex")))
                .hasMessage("SML file has no end sequence 1B1B1B1B 1A: truncated at byte offset 200");
    }

    @Test
    void rejects_leading_garbage_when_decoding_directly() {
        assertThatThrownBy(() -> SmlFile.decode(GoldenCorpus.bytes("easymeter-q3ba1022-leading-garbage.hex")))
                .hasMessage("SML file does not start with 1B1B1B1B 01010101 at byte offset 0");
    }

    static Stream<Arguments> malformed() {
        byte[] easy = GoldenCorpus.bytes("easymeter-q3ba1022-push.hex");
        return Stream.of(
                Arguments.of("bytes after the end", concat(easy, new byte[] {0, 0, 0, 0}), "4 bytes after the SML end sequence at byte offset 308"),
                Arguments.of("not 4-byte blocks", Arrays.copyOf(easy, 307), "is not made of 4-byte blocks"),
                Arguments.of("fill count above 3", SmlEncoder.withTransportCrc(with(Arrays.copyOf(easy, 306), 305, 5)), "fill byte count 5 is not 0 to 3 at byte offset 305"),
                Arguments.of("unknown escape", with(with(with(with(easy, 304, 2), 305, 2), 306, 2), 307, 2),
                        "unknown escape sequence 1B1B1B1B 02020202 at byte offset 304"),
                Arguments.of("empty file", file(), "SML file contains no message at byte offset 8"),
                Arguments.of("list longer than the data", file(SmlEncoder.message(new byte[] {0x7F})), "list of 15 elements in"),
                Arguments.of("integer of nine bytes", file(SmlEncoder.message(SmlEncoder.list(new byte[] {0x6A, 1, 2, 3, 4, 5, 6, 7, 8, 9}, new byte[] {0x01}))),
                        "integer of 9 bytes"),
                Arguments.of("tl continuation with type bits", file(SmlEncoder.message(SmlEncoder.list(new byte[] {(byte) 0x81, 0x72}, new byte[] {0x01}))),
                        "TL continuation byte 72h has type bits set"),
                Arguments.of("obis code of five bytes", file(getListResponse(new byte[] {1}, entry(octets(new byte[] {1, 0, 1, 8, 0}), 30, 0, unsigned(1, 1)))),
                        "objName is not a 6-byte OBIS code"),
                Arguments.of("scaler not signed", file(getListResponse(new byte[] {1}, SmlEncoder.list(obis(1, 0, 1, 8, 0, 255), SmlEncoder.absent(), SmlEncoder.absent(), unsigned(30, 1), unsigned(1, 1), unsigned(1, 1), SmlEncoder.absent()))),
                        "scaler is not an Integer8"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejects_malformed_file_naming_what_and_where(String description, byte[] file, String message) {
        assertThatThrownBy(() -> SmlFile.decode(file)).isInstanceOf(DecodingException.class)
                .hasMessageContaining(message).hasMessageContaining(" at byte offset ");
    }

    /** What OpenMUC jsml reads from the same file: each numeric list entry as "obis raw scaler". */
    private static List<String> jsmlEntries(byte[] file) throws IOException {
        byte[] messages = unwrapWithoutEscapes(file);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(messages));
        List<String> entries = new ArrayList<>();
        while (in.available() > 0) {
            SmlMessage message = new SmlMessage();
            assertThat(message.decodeAndCheck(in)).as("jsml decodes and checks the message").isTrue();
            if (message.getMessageBody().getChoice() instanceof SmlGetListRes response) {
                for (SmlListEntry entry : response.getValList().getValListEntry()) {
                    byte[] o = entry.getObjName().getValue();
                    String obis = String.format("%d-%d:%d.%d.%d*%d", o[0] & 0xFF, o[1] & 0xFF, o[2] & 0xFF, o[3] & 0xFF,
                            o[4] & 0xFF, o[5] & 0xFF);
                    Object value = entry.getValue().getChoice();
                    String raw = switch (value) {
                        case Unsigned8 v -> String.valueOf(v.getVal());
                        case Unsigned16 v -> String.valueOf(v.getVal());
                        case Unsigned32 v -> String.valueOf(v.getLongValue());
                        case Unsigned64 v -> Long.toUnsignedString(v.getVal());
                        case Integer8 v -> String.valueOf(v.getVal());
                        case Integer16 v -> String.valueOf(v.getVal());
                        case Integer32 v -> String.valueOf(v.getVal());
                        case Integer64 v -> String.valueOf(v.getVal());
                        default -> null;
                    };
                    if (raw != null) {
                        int scaler = entry.getScaler().isSelected() ? entry.getScaler().getVal() : 0;
                        entries.add(obis + " " + raw + " scaler " + scaler);
                    }
                }
            }
        }
        return entries;
    }

    /** The golden files contain no escaped escape sequence: the messages are bytes 8 to the end sequence, less fill. */
    private static byte[] unwrapWithoutEscapes(byte[] file) {
        int fill = file[file.length - 3];
        return Arrays.copyOfRange(file, 8, file.length - 8 - fill);
    }

    private static boolean hasEscapedEscape(byte[] file) {
        if (file == null) {
            return false;
        }
        for (int i = 8; i + 8 <= file.length - 8; i += 4) {
            boolean eight = true;
            for (int k = i; k < i + 8; k++) {
                eight &= file[k] == 0x1B;
            }
            if (eight) {
                return true;
            }
        }
        return false;
    }

    private static byte[] with(byte[] bytes, int index, int value) {
        byte[] copy = bytes.clone();
        copy[index] = (byte) value;
        return copy;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

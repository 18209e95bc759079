package org.meternode.hal.meter.mbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meternode.hal.meter.ChecksumException;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.meter.GoldenCorpus;

class MbusFrameTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void builds_snd_nke_req_ud2_and_secondary_selection_frames() {
        assertThat(HEX.formatHex(MbusFrame.sndNke(5).encode())).isEqualTo("1040054516");
        assertThat(HEX.formatHex(MbusFrame.reqUd2(5, true).encode())).isEqualTo("107b058016");
        assertThat(HEX.formatHex(MbusFrame.reqUd2(1, false).encode())).isEqualTo("105b015c16");
        MbusSecondaryAddress emh = new MbusSecondaryAddress("00623702", "EMH", 0, 2);
        assertThat(HEX.formatHex(MbusFrame.selectSecondary(emh).encode())).isEqualTo("680b0b6853fd52023762 00a8150002fc16".replace(" ", ""));
    }

    @Test
    void decodes_what_it_encodes() throws DecodingException {
        MbusFrame select = MbusFrame.selectSecondary(new MbusSecondaryAddress("12345678", "ABB", 32, 2));

        assertThat(MbusFrame.decode(MbusFrame.sndNke(250).encode())).isEqualTo(new MbusFrame.ShortFrame(0x40, 250));
        assertThat(MbusFrame.decode(new byte[] {(byte) 0xE5})).isEqualTo(new MbusFrame.Ack());
        assertThat(MbusFrame.decode(select.encode())).isEqualTo(select);
        assertThat(MbusFrame.decode(new MbusFrame.ControlFrame(0x53, 1, 0xBD).encode()))
                .isEqualTo(new MbusFrame.ControlFrame(0x53, 1, 0xBD));
    }

    @Test
    void decodes_long_header_secondary_address_access_number_and_records() throws DecodingException {
        MbusVariableData data = rspUd("emh-diz-rsp-ud.hex");

        assertThat(data.ci()).isEqualTo(0x72);
        assertThat(data.address()).contains(new MbusSecondaryAddress("00623702", "EMH", 0, 2));
        assertThat(data.accessNumber()).isEqualTo(7);
        assertThat(data.status()).isZero();
        assertThat(data.moreRecordsFollow()).isFalse();
        assertThat(data.records()).hasSize(3);
        MbusRecord energy = data.records().get(0);
        assertThat(energy.dib()).containsExactly(0x8C, 0x10);
        assertThat(energy.vib()).containsExactly(0x04);
        assertThat(energy).extracting(MbusRecord::description, MbusRecord::unit, MbusRecord::exponent,
                MbusRecord::storage, MbusRecord::tariff, MbusRecord::subunit, MbusRecord::function, MbusRecord::value)
                .containsExactly("ENERGY", "Wh", 1, 0L, 1, 0, MbusRecord.Function.INSTANTANEOUS, new MbusValue.Bcd(409));
        assertThat(energy.scaledValue()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("4090"));
        assertThat(data.records().get(1)).extracting(MbusRecord::description, MbusRecord::unit, MbusRecord::exponent,
                MbusRecord::storage).containsExactly("POWER", "W", -1, 1L);
        assertThat(data.records().get(2).description()).isEqualTo("ERROR_FLAGS");
    }

    static Stream<Arguments> scaledValues() {
        return Stream.of(
                Arguments.of("elster-f2-heat-rsp-ud.hex", 1, "VOLUME", "m3", -1, "4915.0"),
                Arguments.of("elster-f2-heat-rsp-ud.hex", 0, "ENERGY", "Wh", 4, "78800000"),
                Arguments.of("elster-f2-heat-rsp-ud.hex", 3, "FLOW_TEMPERATURE", "°C", -1, "63.3"),
                Arguments.of("elster-f2-heat-rsp-ud.hex", 5, "TEMPERATURE_DIFFERENCE", "K", -1, "21.1"),
                Arguments.of("elster-f2-heat-rsp-ud.hex", 8, "VOLUME_FLOW", "m3/h", -1, "0.5"),
                Arguments.of("stv-bialon-counter-rsp-ud.hex", 0, "ENERGY", "Wh", -3, "2.725"),
                Arguments.of("stv-bialon-counter-rsp-ud.hex", 9, "STORAGE_INTERVALL", "s", 0, "600"),
                Arguments.of("landis-staefa-heat-rsp-ud.hex", 0, "VOLUME", "m3", -3, "0.101"),
                Arguments.of("nzr-dhz563-rsp-ud.hex", 2, "VOLTAGE", "V", -1, "237.2"),
                Arguments.of("nzr-dhz563-rsp-ud.hex", 0, "ENERGY", "Wh", 0, "1274"),
                Arguments.of("kamstrup-electricity-rsp-ud.hex", 0, "ENERGY", "Wh", 1, "75352820"),
                Arguments.of("kamstrup-electricity-rsp-ud.hex", 2, "REACTIVE_ENERGY", "varh", 3, "0"),
                Arguments.of("kamstrup-electricity-rsp-ud.hex", 8, "POWER", "W", 0, "15855"));
    }

    @ParameterizedTest(name = "{0} record {1}: {2} {5} {3}")
    @MethodSource("scaledValues")
    void decodes_value_with_its_vif_exponent(String file, int index, String description, String unit, int exponent,
            String scaled) throws DecodingException {
        MbusRecord record = rspUd(file).records().get(index);

        assertThat(record.description()).isEqualTo(description);
        assertThat(record.unit()).isEqualTo(unit);
        assertThat(record.exponent()).isEqualTo(exponent);
        assertThat(record.scaledValue()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(scaled));
    }

    @Test
    void decodes_volume_with_exponent_minus_1() throws DecodingException {
        MbusRecord volume = rspUd("elster-f2-heat-rsp-ud.hex").records().get(1);

        assertThat(volume.vib()).containsExactly(0x15);
        assertThat(volume.value()).isEqualTo(new MbusValue.Integer(49150));
        assertThat(volume.scaledValue()).contains(new BigDecimal("4915.0"));
    }

    @Test
    void decodes_negative_binary_integer() throws DecodingException {
        MbusRecord power = MbusFrameTest.rspUd(GoldenCorpus.frames("abb-a41-multi-telegram.hex").get(1)).records().get(3);

        assertThat(power.value()).isEqualTo(new MbusValue.Integer(-333));
        assertThat(power.subunit()).isEqualTo(2);
        assertThat(power.scaledValue()).contains(new BigDecimal("-3.33"));
    }

    @Test
    void decodes_storage_tariff_and_subunit_from_the_dife_chain() throws DecodingException {
        List<MbusRecord> first = rspUd(GoldenCorpus.frames("abb-a41-multi-telegram.hex").get(0)).records();
        List<MbusRecord> last = rspUd(GoldenCorpus.frames("abb-a41-multi-telegram.hex").get(4)).records();

        assertThat(first.get(9).dib()).containsExactly(0x8E, 0xC0, 0x10);
        assertThat(first.get(9)).extracting(MbusRecord::storage, MbusRecord::tariff, MbusRecord::subunit)
                .containsExactly(0L, 4, 1);
        assertThat(last.get(12)).extracting(MbusRecord::storage, MbusRecord::tariff, MbusRecord::subunit)
                .containsExactly(1L, 4, 2);
    }

    @Test
    void decodes_type_f_date_time_and_keeps_an_invalid_type_g_date_raw() throws DecodingException {
        List<MbusRecord> qundis = rspUd("qundis-wtt16-rsp-ud.hex").records();

        assertThat(qundis.get(1).value()).isEqualTo(new MbusValue.DateTime(LocalDateTime.of(2014, 9, 26, 16, 48), false));
        assertThat(qundis.get(4).function()).isEqualTo(MbusRecord.Function.DURING_ERROR);
        assertThat(qundis.get(4).value()).isEqualTo(new MbusValue.Raw(new byte[] {(byte) 0xFF, (byte) 0xFF}));
    }

    @Test
    void decodes_plain_text_vif_and_lvar_ascii() throws DecodingException {
        List<MbusRecord> qundis = rspUd("qundis-wtt16-rsp-ud.hex").records();

        assertThat(qundis.get(3)).extracting(MbusRecord::description, MbusRecord::value)
                .containsExactly("PARAMETER_SET_ID", new MbusValue.Text("WTT16"));
        assertThat(qundis.get(6).vib()).containsExactly(0x7C, 0x06, 0x54, 0x54, 0x41, 0x42, 0x20, 0x25);
        assertThat(qundis.get(6)).extracting(MbusRecord::description, MbusRecord::value)
                .containsExactly("% BATT", new MbusValue.Integer(97));
    }

    @Test
    void decodes_type_f_date_time_of_a_heat_meter() throws DecodingException {
        MbusRecord clock = rspUd("elster-f2-heat-rsp-ud.hex").records().get(10);

        assertThat(clock.description()).isEqualTo("DATE_TIME");
        assertThat(clock.value()).isEqualTo(new MbusValue.DateTime(LocalDateTime.of(2011, 1, 24, 17, 43), false));
        assertThat(clock.scaledValue()).isEmpty();
    }

    @Test
    void decodes_ieee_754_real() throws DecodingException {
        MbusRecord current = rspUd(GoldenCorpus.frames("schneider-iem3x00-multi-telegram.hex").get(0)).records().get(4);

        assertThat(current.vib()).containsExactly(0xFD, 0xDC, 0xFF, 0x01);
        assertThat(current.value()).isEqualTo(new MbusValue.Real(53.39830780029297));
        assertThat(current.unit()).isEqualTo("A");
    }

    @Test
    void decodes_more_records_follow_and_keeps_manufacturer_data() throws DecodingException {
        List<byte[]> abb = GoldenCorpus.frames("abb-a41-multi-telegram.hex");
        List<byte[]> schneider = GoldenCorpus.frames("schneider-iem3x00-multi-telegram.hex");

        assertThat(abb).hasSize(5);
        List<MbusVariableData> abbData = abb.stream().map(MbusFrameTest::rspUdUnchecked).toList();
        assertThat(abbData).extracting(d -> d.records().size()).containsExactly(23, 24, 16, 17, 17);
        assertThat(abbData).extracting(MbusVariableData::moreRecordsFollow).containsExactly(true, true, true, true, false);
        assertThat(schneider.stream().map(MbusFrameTest::rspUdUnchecked).map(d -> d.records().size()))
                .containsExactly(25, 25, 33);
        MbusVariableData elster = rspUd("elster-f2-heat-rsp-ud.hex");
        assertThat(elster.moreRecordsFollow()).isTrue();
        assertThat(elster.manufacturerData()).hasSize(52);
    }

    @Test
    void rejects_bad_checksum() {
        assertThatThrownBy(() -> MbusFrame.decode(GoldenCorpus.bytes("emh-diz-bad-checksum.hex")))
                .isInstanceOf(ChecksumException.class)
                .hasMessage("checksum 8Dh does not match computed 8Ch at byte offset 37");
    }

    @Test
    void rejects_bad_checksum_that_jmbus_accepts() {
        assertThatThrownBy(() -> MbusFrame.decode(GoldenCorpus.bytes("itron-cyble-v14-bad-checksum.hex")))
                .isInstanceOf(ChecksumException.class)
                .hasMessage("checksum ADh does not match computed CCh at byte offset 90");
    }

    @Test
    void rejects_truncated_frame() {
        byte[] emh = GoldenCorpus.bytes("emh-diz-rsp-ud.hex");

        assertThatThrownBy(() -> MbusFrame.decode(Arrays.copyOf(emh, 20)))
                .hasMessage("long frame with L=33 truncated: 20 of 39 bytes at byte offset 20");
        assertThatThrownBy(() -> MbusFrame.decode(GoldenCorpus.bytes("schneider-iem3275-truncated.hex")))
                .hasMessage("stop byte is 00h, not 16h at byte offset 251");
    }

    @Test
    void rejects_leading_garbage() {
        assertThatThrownBy(() -> MbusFrame.decode(GoldenCorpus.bytes("emh-diz-leading-garbage.hex")))
                .hasMessage("start byte 01h is not E5h, 10h or 68h at byte offset 0");
    }

    static Stream<Arguments> malformed() {
        byte[] emh = GoldenCorpus.bytes("emh-diz-rsp-ud.hex");
        return Stream.of(
                Arguments.of("length fields differ", with(emh, 2, 0x22), "length fields differ: 21h and 22h at byte offset 2"),
                Arguments.of("second start byte", with(emh, 3, 0x69), "second start byte is 69h, not 68h at byte offset 3"),
                Arguments.of("byte after stop", Arrays.copyOf(emh, emh.length + 1), "1 bytes after the end of the long frame with L=33 at byte offset 39"),
                Arguments.of("stop byte", with(emh, 38, 0x17), "stop byte is 17h, not 16h at byte offset 38"),
                Arguments.of("short frame checksum", HEX.parseHex("1040054616"), "checksum 46h does not match computed 45h at byte offset 3"),
                Arguments.of("byte after E5", HEX.parseHex("e5e5"), "1 bytes after the end of the single character E5h at byte offset 1"),
                Arguments.of("empty", new byte[0], "empty frame at byte offset 0"),
                Arguments.of("encrypted payload", withChecksum(with(emh, 18, 0x05)), "encrypted payload (security mode 5) is not supported at byte offset 17"),
                Arguments.of("record past the end", frame78("0413 0102"), "data of record 0 (4 bytes) runs past the data at byte offset 9"),
                Arguments.of("lvar bcd", frame78("0d13 c21234"), "LVAR C2h of record 0 is not supported at byte offset 9"),
                Arguments.of("plain text vif length", frame78("017c 80"), "plain-text VIF length 128 of record 0 is not below 128 at byte offset 9"),
                Arguments.of("bcd digit", frame78("0c13 1a000000"), "BCD byte 1A of record 0 is not decimal at byte offset 9"),
                Arguments.of("dife chain", frame78("8c80"), "DIF/DIFE chain of record 0 runs past the data at byte offset 9"),
                Arguments.of("special function in records", frame78("3f13"), "special-function data field 0Fh inside the records"),
                Arguments.of("short long header", withChecksum(new MbusFrame.LongFrame(0x08, 1, 0x72, HEX.parseHex("0102")).encode()), "long header of 12 bytes is incomplete at byte offset 7"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejects_malformed_frame_naming_what_and_where(String description, byte[] frame, String message) {
        assertThatThrownBy(() -> MbusFrame.decode(frame)).isInstanceOf(DecodingException.class).hasMessageContaining(message);
    }

    @Test
    void leaves_long_frames_that_are_not_variable_data_undecoded() throws DecodingException {
        byte[] application = new MbusFrame.LongFrame(0x08, 3, 0x71, HEX.parseHex("0102")).encode();

        assertThat(MbusFrame.decode(application)).isEqualTo(new MbusFrame.LongFrame(0x08, 3, 0x71, HEX.parseHex("0102")));
    }

    @Test
    void decodes_every_good_corpus_frame() {
        List<String> good = GoldenCorpus.names(".hex").stream()
                .filter(n -> n.endsWith("-rsp-ud.hex") && !n.contains("bad") && !n.contains("garbage"))
                .toList();

        assertThat(good).hasSize(8);
        for (String name : good) {
            assertThat(name).satisfies(n -> assertThat(MbusFrame.decode(GoldenCorpus.bytes(n))).isInstanceOf(MbusFrame.RspUd.class));
        }
    }

    static MbusVariableData rspUd(String file) throws DecodingException {
        return rspUd(GoldenCorpus.bytes(file));
    }

    static MbusVariableData rspUd(byte[] frame) throws DecodingException {
        return ((MbusFrame.RspUd) MbusFrame.decode(frame)).data();
    }

    private static MbusVariableData rspUdUnchecked(byte[] frame) {
        try {
            return rspUd(frame);
        } catch (DecodingException e) {
            throw new AssertionError(e);
        }
    }

    /** An RSP_UD without header (CI 78h) around the given record bytes, checksum right. */
    private static byte[] frame78(String records) {
        return new MbusFrame.LongFrame(0x08, 1, 0x78, HEX.parseHex(records.replace(" ", ""))).encode();
    }

    private static byte[] with(byte[] frame, int index, int value) {
        byte[] copy = frame.clone();
        copy[index] = (byte) value;
        return copy;
    }

    private static byte[] withChecksum(byte[] frame) {
        byte[] copy = frame.clone();
        int length = copy[1] & 0xFF;
        int sum = 0;
        for (int i = 4; i < 4 + length; i++) {
            sum += copy[i];
        }
        copy[4 + length] = (byte) sum;
        return copy;
    }
}

package org.meternode.hal.meter.dsmr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meternode.hal.meter.ChecksumException;
import org.meternode.hal.meter.Crc16;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.meter.GoldenCorpus;

class DsmrTelegramTest {

    static Stream<Arguments> corpusValues() {
        return Stream.of(
                Arguments.of("iskra-mt382-dsmr50-spec.txt", "1-0:1.8.1", "123456.789", "kWh"),
                Arguments.of("iskra-mt382-dsmr50-spec.txt", "1-0:1.7.0", "1.193", "kW"),
                Arguments.of("iskra-mt382-dsmr50-spec.txt", "1-0:72.7.0", "220.3", "V"),
                Arguments.of("iskra-mt382-dsmr50-spec.txt", "0-0:96.14.0", "2", ""),
                Arguments.of("iskra-am550-dsmr50-capture.txt", "1-0:2.8.2", "1871.581", "kWh"),
                Arguments.of("iskra-am550-dsmr50-capture.txt", "1-0:22.7.0", "0.900", "kW"),
                Arguments.of("iskra-mt382-dsmr50-two-mbus.txt", "1-0:71.7.0", "0.86", "A"),
                Arguments.of("kaifa-ma105-dsmr42-gas.txt", "1-0:1.8.2", "1435.706", "kWh"),
                Arguments.of("sagemcom-t210d-dsmr50-wh.txt", "1-0:1.8.0", "6545766", "Wh"),
                Arguments.of("sagemcom-t210d-dsmr50-wh.txt", "1-0:4.7.0", "166", "var"),
                Arguments.of("sagemcom-xs210-esmr50-gas.txt", "1-0:1.8.1", "51.775", "kWh"),
                Arguments.of("fluvius-emucs171-gas-water.txt", "1-0:31.7.0", "0.00", "A"),
                Arguments.of("fluvius-emucs171-gas-water.txt", "1-0:1.4.0", "2.351", "kW"),
                Arguments.of("iskra-mt382-dsmr22-gas.txt", "1-0:1.7.0", "1.01", "kW"),
                Arguments.of("kamstrup-382-dsmr22-gas.txt", "0-0:17.0.0", "999", "A"));
    }

    @ParameterizedTest(name = "{0}: {1} = {2} {3}")
    @MethodSource("corpusValues")
    void decodes_register_value_with_unit_and_exact_scale(String file, String obis, String value, String unit)
            throws DecodingException {
        DsmrTelegram telegram = DsmrTelegram.decode(GoldenCorpus.bytes(file));

        DsmrValue decoded = telegram.value(obis).orElseThrow();
        assertThat(decoded.value()).isEqualTo(new BigDecimal(value));
        assertThat(decoded.unit()).isEqualTo(unit);
        assertThat(decoded.timestamp()).isEmpty();
    }

    static Stream<Arguments> submeters() {
        return Stream.of(
                Arguments.of("iskra-mt382-dsmr50-spec.txt", "0-1:24.2.1", "12785.123", "m3", "2010-12-09T11:25+01:00"),
                Arguments.of("kaifa-ma105-dsmr42-gas.txt", "0-1:24.2.1", "981.443", "m3", "2016-11-29T20:00+01:00"),
                Arguments.of("sagemcom-xs210-esmr50-gas.txt", "0-1:24.2.1", "16.713", "m3", "2017-11-05T20:10+01:00"),
                Arguments.of("fluvius-emucs171-gas-water.txt", "0-1:24.2.3", "112.384", "m3", "2020-05-12T13:45:58+02:00"),
                Arguments.of("fluvius-emucs171-gas-water.txt", "0-2:24.2.1", "872.234", "m3", "2020-05-12T13:45:58+02:00"),
                Arguments.of("fluvius-emucs171-gas-water.txt", "1-0:1.6.0", "2.589", "kW", "2020-05-09T13:45:58+02:00"),
                Arguments.of("iskra-mt382-dsmr22-gas.txt", "0-1:24.3.0", "1.001", "m3", "2016-11-07T19:00+01:00"),
                Arguments.of("kamstrup-382-dsmr22-gas.txt", "0-1:24.3.0", "124.477", "m3", "2012-05-17T02:00+02:00"));
    }

    @ParameterizedTest(name = "{0}: {1} = {2} {3} at {4}")
    @MethodSource("submeters")
    void decodes_gas_submeter_with_own_timestamp(String file, String obis, String value, String unit, String at)
            throws DecodingException {
        DsmrValue decoded = DsmrTelegram.decode(GoldenCorpus.bytes(file)).value(obis).orElseThrow();

        assertThat(decoded).isEqualTo(new DsmrValue(new BigDecimal(value), unit, Optional.of(OffsetDateTime.parse(at))));
    }

    @Test
    void decodes_spec_example_header_version_timestamp_and_every_line() throws DecodingException {
        DsmrTelegram telegram = DsmrTelegram.decode(GoldenCorpus.bytes("iskra-mt382-dsmr50-spec.txt"));

        assertThat(telegram.header()).isEqualTo("ISk5\\2MT382-1000");
        assertThat(telegram.version()).contains("50");
        assertThat(telegram.timestamp()).contains(OffsetDateTime.parse("2010-12-09T11:30:20+01:00"));
        assertThat(telegram.crcChecked()).isTrue();
        assertThat(telegram.objects()).hasSize(35);
        assertThat(telegram.objects().get(0)).isEqualTo(new DsmrObject("1-3:0.2.8", List.of("50"), Optional.empty(), 21));
        assertThat(telegram.object("0-0:96.1.1").orElseThrow().rawValues())
                .containsExactly("4B384547303034303436333935353037");
        assertThat(telegram.object("0-0:96.13.0").orElseThrow().rawValues().get(0)).hasSize(160);
    }

    @Test
    void decodes_power_failure_event_log() throws DecodingException {
        DsmrTelegram spec = DsmrTelegram.decode(GoldenCorpus.bytes("iskra-mt382-dsmr50-spec.txt"));
        DsmrTelegram am550 = DsmrTelegram.decode(GoldenCorpus.bytes("iskra-am550-dsmr50-capture.txt"));
        DsmrTelegram kaifa = DsmrTelegram.decode(GoldenCorpus.bytes("kaifa-ma105-dsmr42-gas.txt"));
        DsmrTelegram empty = DsmrTelegram.decode(GoldenCorpus.bytes("sagemcom-xs210-esmr50-gas.txt"));

        assertThat(spec.powerFailures()).containsExactly(
                new DsmrPowerFailure(OffsetDateTime.parse("2010-12-08T15:24:15+01:00"), Duration.ofSeconds(240)),
                new DsmrPowerFailure(OffsetDateTime.parse("2010-12-08T15:10:04+01:00"), Duration.ofSeconds(301)));
        assertThat(am550.powerFailures()).containsExactly(
                new DsmrPowerFailure(OffsetDateTime.parse("2019-09-11T15:49:33+02:00"), Duration.ofSeconds(336)),
                new DsmrPowerFailure(OffsetDateTime.parse("2020-10-17T08:16:00+02:00"), Duration.ofSeconds(861)));
        assertThat(kaifa.powerFailures()).extracting(DsmrPowerFailure::duration)
                .containsExactly(Duration.ofSeconds(237126), Duration.ofSeconds(2147583646L), Duration.ofSeconds(2317482647L));
        assertThat(empty.powerFailures()).isEmpty();
    }

    @Test
    void decodes_dsmr22_without_crc() throws DecodingException {
        DsmrTelegram telegram = DsmrTelegram.decode(GoldenCorpus.bytes("iskra-mt382-dsmr22-gas.txt"));

        assertThat(telegram.crcChecked()).isFalse();
        assertThat(telegram.version()).isEmpty();
        assertThat(telegram.timestamp()).isEmpty();
        assertThat(telegram.object("0-1:24.3.0").orElseThrow().rawValues())
                .containsExactly("161107190000", "00", "60", "1", "0-1:24.2.1", "m3", "00001.001");
        assertThat(telegram.value("0-1:24.4.0").orElseThrow().value()).isEqualTo(new BigDecimal("1"));
    }

    @Test
    void decodes_emucs_version_and_raw_demand_history() throws DecodingException {
        DsmrTelegram telegram = DsmrTelegram.decode(GoldenCorpus.bytes("fluvius-emucs171-gas-water.txt"));

        assertThat(telegram.header()).isEqualTo("FLU5\\253769484_A");
        assertThat(telegram.version()).contains("50217");
        assertThat(telegram.object("0-0:98.1.0").orElseThrow().rawValues()).hasSize(12)
                .startsWith("3", "1-0:1.6.0", "1-0:1.6.0", "200501000000S", "200423192538S", "03.695*kW");
        assertThat(telegram.value("0-2:24.1.0").orElseThrow().value()).isEqualTo(new BigDecimal("007"));
    }

    @Test
    void keeps_empty_values_and_finds_codes_written_with_billing_period_255() throws DecodingException {
        DsmrTelegram telegram = DsmrTelegram.decode(GoldenCorpus.bytes("iskra-mt382-dsmr50-two-mbus.txt"));

        assertThat(telegram.object("0-2:96.1.0").orElseThrow().rawValues()).containsExactly("");
        assertThat(telegram.value("0-2:24.2.1")).isEmpty();
        assertThat(telegram.value("1-0:1.8.1.255")).isEqualTo(telegram.value("1-0:1.8.1"));
        assertThat(telegram.value("1-0:1.8.1*255")).isEqualTo(telegram.value("1-0:1.8.1"));
    }

    @Test
    void decodes_every_good_corpus_telegram() {
        List<String> good = GoldenCorpus.names(".txt").stream()
                .filter(n -> n.contains("smr") || n.contains("emucs"))
                .filter(n -> !n.contains("bad-crc") && !n.contains("truncated") && !n.contains("garbage"))
                .toList();

        assertThat(good).hasSize(9);
        for (String name : good) {
            assertThat(name).satisfies(n -> DsmrTelegram.decode(GoldenCorpus.bytes(n)));
        }
    }

    @Test
    void rejects_bad_crc() {
        byte[] bytes = GoldenCorpus.bytes("iskra-am550-dsmr50-bad-crc.txt");

        assertThatThrownBy(() -> DsmrTelegram.decode(bytes))
                .isInstanceOf(ChecksumException.class)
                .hasMessageContaining("telegram says E1FA")
                .satisfies(e -> assertThat(((DecodingException) e).offset()).isEqualTo(indexOf(bytes, '!') + 1));
    }

    @Test
    void rejects_truncated_telegram() {
        byte[] bytes = GoldenCorpus.bytes("iskra-am550-dsmr50-truncated.txt");

        assertThatThrownBy(() -> DsmrTelegram.decode(bytes))
                .isInstanceOf(DecodingException.class)
                .hasMessage("no '!' end marker: telegram truncated at byte offset " + bytes.length);
    }

    @Test
    void rejects_leading_garbage_when_decoding_directly() {
        assertThatThrownBy(() -> DsmrTelegram.decode(GoldenCorpus.bytes("iskra-am550-dsmr50-leading-garbage.txt")))
                .hasMessage("telegram does not start with '/' at byte offset 0");
    }

    static Stream<Arguments> malformed() {
        String good = new String(GoldenCorpus.bytes("iskra-am550-dsmr50-capture.txt"), StandardCharsets.ISO_8859_1);
        String body = good.substring(0, good.indexOf('!'));
        return Stream.of(
                Arguments.of("dsmr5 telegram without crc", body + "!\r\n", "P1 version 50 telegram has no CRC"),
                Arguments.of("bytes after the crc", withCrc(body) + "\r\nX", "after '!' expected 4 hex CRC digits"),
                Arguments.of("lowercase letters in crc position", body + "!E1FG\r\n", "CRC digit 'G' is not hexadecimal"),
                Arguments.of("line ends with lf only", withCrc(body.replace("(0001)\r\n", "(0001)\n")), "LF without CR"),
                Arguments.of("non ascii byte", withCrc(body.replace("233.7", "233\u00B07")), "byte 0xB0 is not printable ASCII"),
                Arguments.of("known register is not a number",
                        withCrc(body.replace("002236.186*kWh", "00a236.186*kWh")),
                        "1-0:1.8.1: value '00a236.186*kWh' is not a number"),
                Arguments.of("invalid month", withCrc(body.replace("210307123721W", "211307123721W")),
                        "0-0:1.0.0: '211307123721W' is not a valid date and time"),
                Arguments.of("timestamp without summer or winter flag",
                        withCrc(body.replace("210307123721W", "210307123721")), "is not a YYMMDDhhmmssX timestamp"),
                Arguments.of("event log count does not match", withCrc(body.replace("99.97.0(2)", "99.97.0(3)")),
                        "1-0:99.97.0 has 6 values, expected 8"),
                Arguments.of("object without value", withCrc(body.replace("0-0:96.13.0()", "0-0:96.13.0")),
                        "object 0-0:96.13.0 has no value"),
                Arguments.of("unclosed value", withCrc(body.replace("(00004)\r\n0-0:96.7.9", "(00004\r\n0-0:96.7.9")),
                        "'(' inside a value of 0-0:96.7.21"),
                Arguments.of("not an obis code", withCrc(body.replace("1-0:32.7.0", "1-0:32,7.0")),
                        "'1-0:32,7.0' is not an OBIS code"),
                Arguments.of("second telegram start", withCrc(body.replace("0-0:96.13.0()", "/ISK5\\2M550T-1013")),
                        "'/' inside the telegram"),
                Arguments.of("manufacturer not letters", withCrc(body.replace("/ISK5", "/I5K5")),
                        "manufacturer code 'I5K' is not three letters"),
                Arguments.of("bang not at line start", withCrc(body.substring(0, body.length() - 2)),
                        "'!' is not at the start of a line"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejects_malformed_telegram_naming_what_failed(String description, String telegram, String expected) {
        assertThatThrownBy(() -> DsmrTelegram.decode(telegram.getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(DecodingException.class)
                .isNotInstanceOf(ChecksumException.class)
                .hasMessageContaining(expected)
                .hasMessageContaining(" at byte offset ");
    }

    /** Appends '!' and the right CRC, so a test reaches the check after the CRC. */
    static String withCrc(String bodyWithoutBang) {
        String upToBang = bodyWithoutBang + "!";
        byte[] bytes = upToBang.getBytes(StandardCharsets.ISO_8859_1);
        return upToBang + String.format("%04X", Crc16.arc(bytes, 0, bytes.length)) + "\r\n";
    }

    private static int indexOf(byte[] bytes, char c) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == c) {
                return i;
            }
        }
        return -1;
    }
}

package org.meternode.hal.meter.wmbus.stick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.meternode.hal.meter.wmbus.stick.Telegrams.HEX;
import static org.meternode.hal.meter.wmbus.stick.Telegrams.concat;
import static org.meternode.hal.meter.wmbus.stick.Telegrams.hex;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meternode.hal.serial.FakeSerialLine;
import org.meternode.hal.serial.SerialSettings;

class ImstStickTest {
    private static final byte[] PING_REQ = hex("A5 01 01 00");
    private static final byte[] PING_RSP = hex("A5 01 02 00");
    private static final byte[] SET_CONFIG_RSP_OK = hex("A5 01 04 01 00");

    private final FakeSerialLine line = new FakeSerialLine(Duration.ofMillis(5));

    /** A stick that answers ping and set-config as an iM871A does. */
    static byte[] realStick(byte[] request) {
        if (Arrays.equals(request, PING_REQ)) {
            return PING_RSP;
        }
        if (request.length == 11 && (request[0] & 0xFF) == 0xA5 && request[1] == 0x01 && request[2] == 0x03) {
            return SET_CONFIG_RSP_OK;
        }
        return new byte[0];
    }

    /** A WMBUSMSG_IND as the stick sends it: C-field on, RSSI attached, CRC optional. */
    static byte[] indication(byte[] frame, int rssiRaw, boolean crc) {
        return new HciMessage(HciMessage.RADIOLINK, HciMessage.WMBUSMSG_IND, Arrays.copyOfRange(frame, 1, frame.length),
                OptionalLong.empty(), OptionalInt.of(rssiRaw), crc).encode();
    }

    private ImstStick configured() throws IOException {
        line.answerWith(ImstStickTest::realStick);
        ImstStick stick = new ImstStick(line, Clock.systemUTC());
        stick.configure(WmbusMode.T1);
        return stick;
    }

    @Test
    void opens_the_line_at_57600_8n1() throws Exception {
        new ImstStick(line, Clock.systemUTC());

        assertThat(line.settingsApplied()).containsExactly(new SerialSettings(57600, 8, SerialSettings.Parity.NONE, 1));
    }

    @ParameterizedTest
    @CsvSource({"T1, 03", "C1, 07", "S1, 00"})
    void configure_pings_then_sets_device_mode_other_the_link_mode_and_rssi_on(WmbusMode mode, String linkMode)
            throws Exception {
        line.answerWith(ImstStickTest::realStick);

        new ImstStick(line, Clock.systemUTC()).configure(mode);

        assertThat(HEX.formatHex(line.written())).isEqualTo("A5010100" + "A501030700030" + "0" + linkMode + "300100");
    }

    @Test
    void a_refused_set_config_fails_with_the_status() throws Exception {
        line.answerWith(request -> Arrays.equals(request, PING_REQ) ? PING_RSP : hex("A5 01 04 01 01"));
        ImstStick stick = new ImstStick(line, Clock.systemUTC());

        assertThatThrownBy(() -> stick.configure(WmbusMode.C1)).isInstanceOf(IOException.class)
                .hasMessageContaining("SET_CONFIG_REQ for C1 refused, status 01h");
    }

    @Test
    void a_stick_that_answers_the_ping_but_not_set_config_is_named_with_that_command() throws Exception {
        line.answerWith(request -> Arrays.equals(request, PING_REQ) ? PING_RSP : new byte[0]);
        ImstStick stick = new ImstStick(line, Clock.systemUTC());

        assertThatThrownBy(() -> stick.configure(WmbusMode.S1)).isInstanceOf(IOException.class)
                .hasMessage("iM871A on " + line + ": no answer to SET_CONFIG_REQ within 1000 ms");
    }

    @Test
    void receives_a_wmbusmsg_ind_with_rssi_and_crc_byte_exact() throws Exception {
        ImstStick stick = configured();
        // Built by hand: A5, control C2h (CRC 8 + RSSI 4, endpoint RADIOLINK), WMBUSMSG_IND, length 18h = L,
        // the frame from its C-field, RSSI 8Dh, CRC-16/X-25 D46Fh low byte first (computed apart, in Python).
        line.receive(hex("A5C20318" + "44AE4C4455223368077A55000000041389E20100023B0000" + "8D" + "6FD4"));

        RadioFrame frame = stick.receive(Duration.ofSeconds(1)).orElseThrow();

        assertThat(frame.frame()).isEqualTo(Telegrams.SHORT);
        assertThat(frame.rssiDbm()).isEqualTo(-52);
    }

    @Test
    void receives_a_wmbusmsg_ind_without_crc_and_with_a_timestamp() throws Exception {
        ImstStick stick = configured();
        line.receive(hex("A5620318" + "44AE4C4455223368077A55000000041389E20100023B0000" + "01020304" + "2D"));

        RadioFrame frame = stick.receive(Duration.ofSeconds(1)).orElseThrow();

        assertThat(frame.frame()).isEqualTo(Telegrams.SHORT);
        assertThat(frame.rssiDbm()).isEqualTo(-100);
    }

    @Test
    void stamps_each_frame_with_the_injected_clock() throws Exception {
        Instant at = Instant.parse("2026-12-07T10:15:30Z");
        line.answerWith(ImstStickTest::realStick);
        ImstStick stick = new ImstStick(line, Clock.fixed(at, ZoneOffset.UTC));
        line.receive(indication(Telegrams.SHORT, 141, false));

        assertThat(stick.receive(Duration.ofSeconds(1)).orElseThrow().receivedAt()).isEqualTo(at);
    }

    @ParameterizedTest
    @CsvSource({"45, -100", "205, -20", "141, -52", "46, -100", "0, -123", "244, -1", "245, 0", "255, 0"})
    void rssi_follows_a_line_of_half_a_db_per_step_saturating_at_0_dbm(int raw, int dbm) {
        assertThat(ImstStick.rssiDbm(raw)).isEqualTo(dbm);
    }

    @Test
    void a_bad_crc_is_dropped_with_both_values_in_the_reason() throws Exception {
        ImstStick stick = configured();
        line.receive(hex("A5C20318" + "44AE4C4455223368077A55000000041389E20100023B0000" + "8D" + "6FD5"));

        assertThat(stick.receive(Duration.ofMillis(50))).isEmpty();
        assertThat(stick.stats().badChecksum()).isEqualTo(1);
        assertThat(stick.stats().lastRejection()).contains(
                "stick frame dropped: HCI CRC D56Fh, computed D46Fh at byte offset 29");
    }

    @Test
    void an_unknown_message_id_is_dropped_and_counted_then_the_next_frame_delivered() throws Exception {
        ImstStick stick = configured();
        line.receive(concat(hex("A5 02 09 00"), indication(Telegrams.SHORT, 141, true)));

        assertThat(stick.receive(Duration.ofSeconds(1)).orElseThrow().frame()).isEqualTo(Telegrams.SHORT);
        assertThat(stick.stats().unknownMessages()).isEqualTo(1);
        assertThat(stick.stats().lastRejection()).contains(
                "stick frame dropped: HCI message id 09h unknown for endpoint RADIOLINK at byte offset 2");
    }

    @Test
    void an_unexpected_but_valid_message_is_dropped_and_counted() throws Exception {
        ImstStick stick = configured();
        line.receive(concat(PING_RSP, indication(Telegrams.SHORT, 141, false)));

        assertThat(stick.receive(Duration.ofSeconds(1)).orElseThrow().frame()).isEqualTo(Telegrams.SHORT);
        assertThat(stick.stats().unknownMessages()).isEqualTo(1);
        assertThat(stick.stats().lastRejection()).get().asString().contains("unexpected HciMessage[DEVMGMT id 02h");
    }

    @Test
    void the_reserved_control_bit_marks_a_start_byte_as_noise() throws Exception {
        ImstStick stick = configured();
        line.receive(concat(hex("A5 12 03 00"), indication(Telegrams.SHORT, 141, true)));

        assertThat(stick.receive(Duration.ofSeconds(1)).orElseThrow().frame()).isEqualTo(Telegrams.SHORT);
        assertThat(stick.stats().malformed()).isEqualTo(1);
        assertThat(stick.stats().garbageBytes()).isEqualTo(4);
        assertThat(stick.stats().lastRejection()).contains(
                "stick frame dropped: HCI control field 12h has the reserved bit 10h set at byte offset 1");
    }

    @Test
    void an_indication_without_rssi_is_dropped_as_not_configured_by_this_node() throws Exception {
        ImstStick stick = configured();
        line.receive(hex("A5020318" + "44AE4C4455223368077A55000000041389E20100023B0000"));

        assertThat(stick.receive(Duration.ofMillis(50))).isEmpty();
        assertThat(stick.stats().malformed()).isEqualTo(1);
    }

    @Test
    void an_hci_message_round_trips_through_encode_and_decode() throws Exception {
        HciMessage m = new HciMessage(HciMessage.RADIOLINK, HciMessage.WMBUSMSG_IND, hex("44AABB"),
                OptionalLong.of(0x04030201L), OptionalInt.of(200), true);

        byte[] bytes = m.encode();

        assertThat(HEX.formatHex(bytes)).startsWith("A5E20303" + "44AABB" + "01020304" + "C8");
        assertThat(HciMessage.decode(bytes)).isEqualTo(m);
    }

    @Test
    void a_message_longer_than_its_header_says_does_not_decode() {
        assertThatThrownBy(() -> HciMessage.decode(hex("A5 01 02 00 00")))
                .hasMessage("HCI message of 5 bytes, its header says 4 at byte offset 4");
    }
}

package org.meternode.hal.meter.wmbus.stick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.meternode.hal.meter.wmbus.stick.Telegrams.HEX;
import static org.meternode.hal.meter.wmbus.stick.Telegrams.concat;
import static org.meternode.hal.meter.wmbus.stick.Telegrams.hex;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meternode.hal.serial.FakeSerialLine;
import org.meternode.hal.serial.SerialSettings;

class AmberStickTest {
    private final FakeSerialLine line = new FakeSerialLine(Duration.ofMillis(5));

    /** An AMB8465 with two one-byte registers (05h, 45h) that answers GET, SET, RESET and SET_MODE. */
    static final class ScriptedStick {
        final int[] registers = new int[0x80];
        final List<String> commands = new ArrayList<>();

        ScriptedStick(int uartCmdOut, int rssiEnable) {
            registers[0x05] = uartCmdOut;
            registers[0x45] = rssiEnable;
        }

        byte[] answer(byte[] request) {
            if (request.length < 4 || (request[0] & 0xFF) != 0xFF || (request[2] & 0xFF) != request.length - 4) {
                return new byte[0];
            }
            byte[] p = Arrays.copyOfRange(request, 3, request.length - 1);
            AmberMessage m = AmberMessage.of(request[1] & 0xFF, p);
            if (!Arrays.equals(m.encode(), request)) {
                return new byte[0]; // bad checksum: a real stick stays silent
            }
            commands.add(HEX.formatHex(request));
            return switch (m.command()) {
                case AmberMessage.GET_REQ -> AmberMessage.of(0x8A, p[0], (byte) 1, (byte) registers[p[0]]).encode();
                case AmberMessage.SET_REQ -> {
                    registers[p[0]] = p[2];
                    yield AmberMessage.of(0x89, (byte) 0).encode();
                }
                case AmberMessage.RESET_REQ, AmberMessage.SET_MODE_REQ -> AmberMessage.of(m.command() | 0x80, (byte) 0)
                        .encode();
                default -> new byte[0];
            };
        }
    }

    /** A DATA_IND as the stick sends it in command mode with RSSI on: length = L + 1, C-field on, RSSI last. */
    static byte[] indication(byte[] frame, int rssiRaw) {
        byte[] payload = Arrays.copyOfRange(frame, 1, frame.length + 1);
        payload[payload.length - 1] = (byte) rssiRaw;
        return AmberMessage.of(AmberMessage.DATA_IND, payload).encode();
    }

    private AmberStick configured() throws IOException {
        line.answerWith(new ScriptedStick(1, 1)::answer);
        AmberStick stick = new AmberStick(line, Clock.systemUTC());
        stick.configure(WmbusMode.T1);
        return stick;
    }

    @Test
    void opens_the_line_at_9600_8n1() throws Exception {
        new AmberStick(line, Clock.systemUTC());

        assertThat(line.settingsApplied()).containsExactly(new SerialSettings(9600, 8, SerialSettings.Parity.NONE, 1));
    }

    @ParameterizedTest
    @CsvSource({"T1, FF040108F2", "C1, FF04010EF4", "S1, FF040103F9"})
    void configure_reads_both_registers_then_sets_the_volatile_mode(WmbusMode mode, String setMode) throws Exception {
        line.answerWith(new ScriptedStick(1, 1)::answer);

        new AmberStick(line, Clock.systemUTC()).configure(mode);

        assertThat(HEX.formatHex(line.written())).isEqualTo("FF0A020501F3" + "FF0A024501B3" + setMode);
    }

    @Test
    void configure_writes_a_register_that_is_off_resets_the_stick_then_sets_the_mode() throws Exception {
        ScriptedStick amber = new ScriptedStick(1, 0);
        line.answerWith(amber::answer);

        new AmberStick(line, Clock.systemUTC()).configure(WmbusMode.C1);

        assertThat(amber.commands).containsExactly("FF0A020501F3", "FF0A024501B3", "FF0903450101B0", "FF0500FA",
                "FF04010EF4");
        assertThat(amber.registers[0x45]).isEqualTo(1);
    }

    @Test
    void a_refused_set_mode_fails_naming_it() throws Exception {
        ScriptedStick amber = new ScriptedStick(1, 1);
        line.answerWith(request -> request[1] == AmberMessage.SET_MODE_REQ ? hex("FF 84 01 01 7B")
                : amber.answer(request));
        AmberStick stick = new AmberStick(line, Clock.systemUTC());

        assertThatThrownBy(() -> stick.configure(WmbusMode.S1)).isInstanceOf(IOException.class)
                .hasMessageContaining("SET_MODE_REQ S1 refused, answer AmberMessage[84h 01]");
    }

    @Test
    void receives_a_data_ind_byte_exact() throws Exception {
        AmberStick stick = configured();
        // FF, DATA_IND, length 19h (L 18h + RSSI), C-field on, RSSI 2Ch, XOR checksum of all before it.
        byte[] message = hex("FF0319" + "44AE4C4455223368077A55000000041389E20100023B0000" + "2C");
        byte x = 0;
        for (byte b : message) {
            x ^= b;
        }
        line.receive(concat(message, new byte[] {x}));

        RadioFrame frame = stick.receive(Duration.ofSeconds(1)).orElseThrow();

        assertThat(frame.frame()).isEqualTo(Telegrams.SHORT);
        assertThat(frame.rssiDbm()).isEqualTo(-52);
    }

    @ParameterizedTest
    @CsvSource({"44, -52", "0, -74", "255, -74", "254, -75", "128, -138", "127, -11"})
    void rssi_is_a_signed_half_db_value_less_74(int raw, int dbm) {
        assertThat(AmberStick.rssiDbm(raw)).isEqualTo(dbm);
    }

    @Test
    void a_bad_checksum_is_dropped_with_both_values_in_the_reason() throws Exception {
        AmberStick stick = configured();
        line.receive(hex("FF 84 01 00 7B"));

        assertThat(stick.receive(Duration.ofMillis(50))).isEmpty();
        assertThat(stick.stats().lastRejection()).contains(
                "stick frame dropped: Amber checksum 7Bh, computed 7Ah at byte offset 4");
        assertThat(stick.stats().badChecksum()).isEqualTo(1);
    }

    @Test
    void a_transparent_frame_without_command_framing_is_garbage() throws Exception {
        AmberStick stick = configured();
        byte[] transparent = concat(Telegrams.SHORT, new byte[] {0x2C});
        transparent[0]++; // the length byte counts the RSSI
        line.receive(concat(transparent, indication(Telegrams.SHORT, 44)));

        assertThat(stick.receive(Duration.ofSeconds(1)).orElseThrow().frame()).isEqualTo(Telegrams.SHORT);
        assertThat(stick.stats().garbageBytes()).isEqualTo(transparent.length);
        assertThat(stick.stats().frames()).isEqualTo(1);
    }

    @Test
    void an_unknown_command_is_dropped_and_counted_then_the_next_frame_delivered() throws Exception {
        AmberStick stick = configured();
        line.receive(concat(hex("FF 07 00 F8"), indication(Telegrams.SHORT, 44)));

        assertThat(stick.receive(Duration.ofSeconds(1)).orElseThrow().frame()).isEqualTo(Telegrams.SHORT);
        assertThat(stick.stats().unknownMessages()).isEqualTo(1);
        assertThat(stick.stats().lastRejection()).contains(
                "stick frame dropped: Amber command 07h unknown at byte offset 1");
    }

    @Test
    void a_confirmation_nobody_asked_for_is_dropped_and_counted() throws Exception {
        AmberStick stick = configured();
        line.receive(concat(AmberMessage.of(0x84, (byte) 0).encode(), indication(Telegrams.SHORT, 44)));

        assertThat(stick.receive(Duration.ofSeconds(1)).orElseThrow().frame()).isEqualTo(Telegrams.SHORT);
        assertThat(stick.stats().unknownMessages()).isEqualTo(1);
    }

    @Test
    void an_amber_message_round_trips_and_its_checksum_matches_wmbusmeters_get_config() throws Exception {
        byte[] getAll = AmberMessage.of(AmberMessage.GET_REQ, (byte) 0x00, (byte) 0x80).encode();

        assertThat(HEX.formatHex(getAll)).isEqualTo("FF0A02008077"); // wmbusmeters asserts the 77h
        assertThatThrownBy(() -> AmberMessage.decode(getAll)).isInstanceOf(UnknownMessageException.class);
        byte[] confirm = AmberMessage.of(0x8A, (byte) 0x45, (byte) 1, (byte) 1).encode();
        assertThat(AmberMessage.decode(confirm)).isEqualTo(AmberMessage.of(0x8A, (byte) 0x45, (byte) 1, (byte) 1));
    }
}

package org.meternode.hal.meter.wmbus.stick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.meternode.hal.meter.wmbus.stick.Telegrams.concat;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.meternode.hal.serial.FakeSerialLine;

/**
 * What every {@link WmbusStick} does, whatever its wire protocol: configure against a stick that
 * answers, hand out frames from the L-field with their RSSI, skip and count garbage, damage and
 * truncation, and fail configure with the port and command named when the stick is silent.
 */
abstract class WmbusStickContract {
    static final int RSSI_DBM = -52;
    final FakeSerialLine line = new FakeSerialLine(Duration.ofMillis(5));

    abstract WmbusStick open(FakeSerialLine line) throws IOException;

    /** Makes {@code line} answer every configure command as a working stick would. */
    abstract void answerAsStick(FakeSerialLine line);

    /** The stick's message for a received {@code frame} (from the L-field) at {@link #RSSI_DBM}. */
    abstract byte[] indication(byte[] frame);

    /** {@code message} with its checksum or CRC broken. */
    abstract byte[] withBadChecksum(byte[] message);

    /** The name of the first command configure sends. */
    abstract String firstCommand();

    private WmbusStick configured() throws IOException {
        answerAsStick(line);
        WmbusStick stick = open(line);
        stick.configure(WmbusMode.T1);
        return stick;
    }

    @ParameterizedTest
    @EnumSource(WmbusMode.class)
    void configures_each_mode_then_hands_out_a_frame_from_its_l_field_with_rssi(WmbusMode mode) throws Exception {
        answerAsStick(line);
        WmbusStick stick = open(line);
        stick.configure(mode);
        line.receive(indication(Telegrams.SHORT));

        RadioFrame frame = stick.receive(Duration.ofSeconds(1)).orElseThrow();

        assertThat(frame.frame()).isEqualTo(Telegrams.SHORT);
        assertThat(frame.lField()).isEqualTo(frame.frame().length - 1);
        assertThat(frame.rssiDbm()).isEqualTo(RSSI_DBM);
        assertThat(stick.stats().frames()).isEqualTo(1);
        assertThat(stick.stats().dropped()).isZero();
    }

    @Test
    void a_long_frame_sent_one_byte_per_read_is_reassembled() throws Exception {
        WmbusStick stick = configured();
        for (byte b : indication(Telegrams.LONG)) {
            line.receive(new byte[] {b});
        }

        assertThat(stick.receive(Duration.ofSeconds(2)).orElseThrow().frame()).isEqualTo(Telegrams.LONG);
    }

    @Test
    void garbage_before_and_between_messages_is_skipped_and_counted() throws Exception {
        WmbusStick stick = configured();
        byte[] noise = {0x00, 0x13, 0x44, 0x7E, 0x55};
        line.receive(concat(noise, indication(Telegrams.SHORT), noise, indication(Telegrams.LONG)));

        assertThat(stick.receive(Duration.ofSeconds(1)).orElseThrow().frame()).isEqualTo(Telegrams.SHORT);
        assertThat(stick.receive(Duration.ofSeconds(1)).orElseThrow().frame()).isEqualTo(Telegrams.LONG);
        assertThat(stick.stats().garbageBytes()).isEqualTo(2L * noise.length);
        assertThat(stick.stats().dropped()).isZero();
    }

    @Test
    void a_message_with_a_bad_checksum_is_dropped_with_its_reason_and_the_next_one_delivered() throws Exception {
        WmbusStick stick = configured();
        line.receive(concat(withBadChecksum(indication(Telegrams.LONG)), indication(Telegrams.SHORT)));

        Optional<RadioFrame> frame = stick.receive(Duration.ofSeconds(1));

        assertThat(frame.orElseThrow().frame()).isEqualTo(Telegrams.SHORT);
        assertThat(stick.stats().badChecksum()).isEqualTo(1);
        assertThat(stick.stats().lastRejection()).get().asString()
                .matches("stick frame dropped: (HCI CRC [0-9A-F]{4}h, computed [0-9A-F]{4}h"
                        + "|Amber checksum [0-9A-F]{2}h, computed [0-9A-F]{2}h) at byte offset \\d+");
        assertThat(stick.stats().frames()).isEqualTo(1);
    }

    @Test
    void a_message_cut_short_by_silence_is_dropped_and_the_next_one_delivered() throws Exception {
        WmbusStick stick = configured();
        byte[] whole = indication(Telegrams.LONG);
        line.receive(Arrays.copyOf(whole, 40));

        assertThat(stick.receive(Duration.ofMillis(900))).isEmpty();
        line.receive(indication(Telegrams.SHORT));

        assertThat(stick.receive(Duration.ofSeconds(1)).orElseThrow().frame()).isEqualTo(Telegrams.SHORT);
        assertThat(stick.stats().truncated()).isEqualTo(1);
        assertThat(stick.stats().lastRejection()).get().asString().contains("truncated, 40 of " + whole.length);
    }

    @Test
    void receive_returns_empty_when_nothing_arrives() throws Exception {
        WmbusStick stick = configured();

        assertThat(stick.receive(Duration.ofMillis(50))).isEmpty();
        assertThat(stick.stats().frames()).isZero();
    }

    @Test
    void a_frame_arriving_while_configuring_is_kept_for_receive() throws Exception {
        answerAsStick(line);
        WmbusStick stick = open(line);
        line.receive(indication(Telegrams.SHORT));

        stick.configure(WmbusMode.C1);

        assertThat(stick.receive(Duration.ofMillis(10)).orElseThrow().frame()).isEqualTo(Telegrams.SHORT);
    }

    @Test
    void a_silent_stick_fails_configure_naming_the_port_and_the_command() throws Exception {
        WmbusStick stick = open(line);

        assertThatThrownBy(() -> stick.configure(WmbusMode.T1)).isInstanceOf(IOException.class)
                .hasMessageContaining(line.toString()).hasMessageContaining("no answer to " + firstCommand())
                .hasMessageContaining("1000 ms");
    }

    @Test
    void describe_names_the_stick_and_its_port() throws Exception {
        assertThat(open(line).describe()).contains(line.toString());
    }
}

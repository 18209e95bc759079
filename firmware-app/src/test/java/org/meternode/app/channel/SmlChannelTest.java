package org.meternode.app.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.meternode.app.config.ObisReading;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.Reading;
import org.meternode.hal.meter.sml.SmlEncoder;
import org.meternode.hal.serial.FakeSerialLine;

/** The sml channel on a line fed with SML files the way an eHZ pushes them. */
class SmlChannelTest {
    private static final byte[] SERVER_ID = {0x0A, 0x01, 0x45, 0x4D, 0x48, 0x00, 0x00, 0x12, 0x34, 0x56};
    private static final int WH = 30;
    private static final int W = 27;
    private static final int VOLT = 35;

    private final FakeSerialLine line = new FakeSerialLine(Duration.ofMillis(50));
    private SmlChannel channel;

    @AfterEach
    void close() {
        if (channel != null) {
            channel.close();
        }
    }

    /** An SML file with energy 1.8.0 in Wh (scaler -1) and power 16.7.0 in W, as an eHZ sends. */
    static byte[] file(long tenthsOfWh, long watts, int energyUnit) {
        return SmlEncoder.file(SmlEncoder.getListResponse(SERVER_ID,
                SmlEncoder.entry(SmlEncoder.obis(1, 0, 1, 8, 0, 255), energyUnit, -1, SmlEncoder.unsigned(tenthsOfWh, 8)),
                SmlEncoder.entry(SmlEncoder.obis(1, 0, 16, 7, 0, 255), W, 0, SmlEncoder.signed(watts, 4))));
    }

    private SmlChannel open() {
        return new SmlChannel("ehz", line, List.of(new ObisReading("1-0:1.8.0", Quantity.ENERGY),
                new ObisReading("1-0:16.7.0", Quantity.POWER)), Optional.empty(), java.time.Clock.systemUTC());
    }

    private void awaitFrames(long n) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> channel.goodFrames() + channel.badFrames() >= n);
    }

    @Test
    void a_file_older_than_two_measured_push_periods_is_a_fault_and_until_two_came_one_minute_is_the_limit()
            throws Exception {
        org.meternode.hal.bus.fake.VirtualSleeper time = new org.meternode.hal.bus.fake.VirtualSleeper(
                Instant.parse("2026-01-01T00:14:00Z"));
        channel = new SmlChannel("ehz", line, List.of(new ObisReading("1-0:1.8.0", Quantity.ENERGY)),
                Optional.empty(), time.clock());
        line.receive(file(10, 100, WH));
        awaitFrames(1);
        time.advance(Duration.ofSeconds(61));
        assertThatThrownBy(() -> channel.sample(time.now(), List.of(), Optional.empty()))
                .isInstanceOf(IOException.class).hasMessageContaining("for 61 s")
                .hasMessageContaining("max-age 60 s (push period not measured yet)");

        line.receive(file(11, 100, WH)); // back after 61 s, then every second (the median gap counts)
        awaitFrames(2);
        time.advance(Duration.ofSeconds(1));
        line.receive(file(12, 100, WH));
        awaitFrames(3);
        time.advance(Duration.ofSeconds(2));
        assertThat(channel.sample(time.now(), List.of(), Optional.empty()).readings()).hasSize(1);
        time.advance(Duration.ofSeconds(1));

        assertThatThrownBy(() -> channel.sample(time.now(), List.of(), Optional.empty()))
                .isInstanceOf(IOException.class).hasMessageContaining("for 3 s")
                .hasMessageContaining("max-age 2 s (2 push periods of 1 s measured)");
    }

    @Test
    void reports_the_latest_good_file_in_kwh_and_w() throws Exception {
        channel = open();
        line.receive(file(123_456_789, 512, WH));
        line.receive(file(123_456_999, 498, WH));
        awaitFrames(2);

        Channel.Sample s = channel.sample(Instant.parse("2026-01-01T00:15:00Z"), List.of(), Optional.empty());

        assertThat(s.readings()).extracting(Reading::channel, Reading::unit, Reading::quality).containsExactly(
                tuple("ehz.energy", "kWh", Reading.Quality.GOOD), tuple("ehz.power", "W", Reading.Quality.GOOD));
        assertThat(s.readings()).extracting(Reading::value).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("12345.6999"), new BigDecimal("498"));
        assertThat(channel.goodFrames()).isEqualTo(2);
    }

    @Test
    void bad_crc_and_cut_short_files_are_counted_and_never_reported() throws Exception {
        channel = open();
        line.receive(file(10, 100, WH));
        byte[] badCrc = file(99_999_999, 9999, WH);
        badCrc[badCrc.length - 1] ^= 0x55;
        line.receive(badCrc);
        byte[] cut = file(88_888_888, 8888, WH);
        line.receive(Arrays.copyOf(cut, cut.length / 2)); // the next file's start abandons it
        line.receive(file(20, 200, WH));
        awaitFrames(4);

        Channel.Sample s = channel.sample(Instant.now(), List.of(), Optional.empty());

        assertThat(s.readings()).extracting(Reading::value).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("0.002"), new BigDecimal("200"));
        assertThat(channel.goodFrames()).isEqualTo(2);
        assertThat(channel.badFrames()).isEqualTo(2);
    }

    @Test
    void a_unit_that_is_not_energy_gives_a_fault_reading_not_a_value() throws Exception {
        channel = open();
        line.receive(file(2301, 100, VOLT));
        awaitFrames(1);

        Channel.Sample s = channel.sample(Instant.now(), List.of(), Optional.empty());

        assertThat(s.readings()).extracting(Reading::channel, Reading::quality).containsExactly(
                tuple("ehz.energy", Reading.Quality.FAULT), tuple("ehz.power", Reading.Quality.GOOD));
    }

    @Test
    void without_a_good_file_the_sample_fails_naming_the_port_and_counts() throws Exception {
        channel = open();
        byte[] badCrc = file(1, 1, WH);
        badCrc[badCrc.length - 1] ^= 0x55;
        line.receive(badCrc);
        awaitFrames(1);

        assertThatThrownBy(() -> channel.sample(Instant.now(), List.of(), Optional.empty()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no good SML file from " + line)
                .hasMessageContaining("0 good, 1 bad SML files (1 bad CRC)");
    }
}

package org.meternode.app.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.outbox.Outbox;
import org.meternode.app.sampling.IntervalSchedule;
import org.meternode.app.sampling.Sampler;
import org.meternode.hal.bus.fake.VirtualSleeper;
import org.meternode.app.config.DsmrChannelConfig;
import org.meternode.app.config.ObisReading;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.Reading;
import org.meternode.hal.meter.Crc16;
import org.meternode.hal.serial.FakeSerialLine;
import org.meternode.hal.serial.SerialSettings;

class DsmrChannelTest {
    private final FakeSerialLine line = new FakeSerialLine(Duration.ofMillis(50));
    private DsmrChannel channel;

    @AfterEach
    void close() {
        if (channel != null) {
            channel.close();
        }
    }

    static byte[] telegram(String kwh, String kw, boolean goodCrc) {
        String body = "/ISK5\\2M550T-1013\r\n\r\n1-3:0.2.8(50)\r\n0-0:1.0.0(210307123721W)\r\n"
                + "1-0:1.8.1(" + kwh + "*kWh)\r\n1-0:1.7.0(" + kw + "*kW)\r\n!";
        byte[] b = body.getBytes(StandardCharsets.US_ASCII);
        int crc = Crc16.arc(b, 0, b.length) ^ (goodCrc ? 0 : 0x5A5A);
        return (body + String.format("%04X", crc) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private DsmrChannel open(Duration maxAge) throws IOException {
        return new DsmrChannel("p1", line, SerialSettings.DSMR, List.of(
                new ObisReading("1-0:1.8.1", Quantity.ENERGY),
                new ObisReading("1-0:1.7.0", Quantity.POWER)), Optional.of(maxAge), Clock.systemUTC());
    }

    /** A channel whose telegrams are timed on virtual time (stale after the default max-age). */
    private DsmrChannel openOn(VirtualSleeper time) throws IOException {
        return new DsmrChannel("p1", line, SerialSettings.DSMR, List.of(
                new ObisReading("1-0:1.8.1", Quantity.ENERGY),
                new ObisReading("1-0:1.7.0", Quantity.POWER)), Optional.empty(), time.clock());
    }

    private void awaitTelegrams(long n) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> channel.stats().telegrams() + channel.stats().badCrc() >= n);
    }

    @Test
    void reports_the_latest_good_telegram_with_power_in_watts() throws Exception {
        channel = open(Duration.ofSeconds(10));
        line.receive(telegram("002236.186", "01.193", true));
        line.receive(telegram("002236.190", "01.250", true));
        awaitTelegrams(2);

        Instant end = Instant.parse("2026-01-01T00:15:00Z");
        Channel.Sample s = channel.sample(end, List.of(), Optional.empty());

        assertThat(s.readings()).extracting(Reading::channel, Reading::value, Reading::unit, Reading::quality)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("p1.energy", new BigDecimal("2236.19"), "kWh", Reading.Quality.GOOD),
                        org.assertj.core.groups.Tuple.tuple("p1.power", new BigDecimal("1250"), "W", Reading.Quality.GOOD));
    }

    @Test
    void bad_crc_telegrams_are_counted_and_never_reported() throws Exception {
        channel = open(Duration.ofSeconds(10));
        line.receive(telegram("000001.000", "00.100", true));
        line.receive(telegram("099999.999", "99.999", false));
        awaitTelegrams(2);

        Channel.Sample s = channel.sample(Instant.now(), List.of(), Optional.empty());

        assertThat(channel.stats().badCrc()).isEqualTo(1);
        assertThat(s.readings().get(0).value()).isEqualByComparingTo("1");
    }

    @Test
    void without_a_telegram_the_sample_fails_naming_the_port() throws Exception {
        channel = open(Duration.ofSeconds(10));

        assertThatThrownBy(() -> channel.sample(Instant.now(), List.of(), Optional.empty()))
                .isInstanceOf(IOException.class).hasMessageContaining("no good DSMR telegram from");
    }

    @Test
    void a_configured_max_age_is_the_limit_whatever_the_push_period() throws Exception {
        VirtualSleeper time = new VirtualSleeper(Instant.parse("2026-01-01T00:14:00Z"));
        channel = new DsmrChannel("p1", line, SerialSettings.DSMR, List.of(new ObisReading("1-0:1.8.1",
                Quantity.ENERGY)), Optional.of(Duration.ofMinutes(2)), time.clock());
        line.receive(telegram("000001.000", "00.100", true));
        awaitTelegrams(1);
        time.advance(Duration.ofSeconds(120));
        assertThat(channel.sample(time.now(), List.of(), Optional.empty()).readings()).hasSize(1);

        time.advance(Duration.ofSeconds(1));

        assertThatThrownBy(() -> channel.sample(time.now(), List.of(), Optional.empty()))
                .isInstanceOf(IOException.class).hasMessageContaining("for 121 s")
                .hasMessageContaining("max-age 120 s (configured)");
    }

    @Test
    void a_telegram_older_than_two_measured_push_periods_is_a_fault_naming_its_age(@TempDir Path dir)
            throws Exception {
        VirtualSleeper time = new VirtualSleeper(Instant.parse("2026-01-01T00:14:00Z"));
        channel = openOn(time);
        line.receive(telegram("000001.000", "00.100", true));
        awaitTelegrams(1);
        time.advance(Duration.ofSeconds(10)); // the meter pushes every 10 s (DSMR 4)
        line.receive(telegram("000001.001", "00.100", true));
        awaitTelegrams(2);
        time.advance(Duration.ofSeconds(25)); // then falls silent: its last telegram is 25 s old

        try (Outbox outbox = Outbox.open(dir.resolve("outbox.db"), time.clock())) {
            Sampler sampler = new Sampler(List.of(channel), outbox, time,
                    IntervalSchedule.aligned(Duration.ofMinutes(15)), (end, readings) -> { });
            Instant end = Instant.parse("2026-01-01T00:15:00Z");
            List<Reading> stored = sampler.sampleInterval(end);

            assertThat(stored).extracting(Reading::channel, Reading::quality).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("p1.energy", Reading.Quality.FAULT),
                    org.assertj.core.groups.Tuple.tuple("p1.power", Reading.Quality.FAULT));
            assertThat(sampler.lastFault("p1")).contains("for 25 s").contains("max-age 20 s");
        }
    }

    @Test
    void a_telegram_within_two_measured_push_periods_is_good() throws Exception {
        VirtualSleeper time = new VirtualSleeper(Instant.parse("2026-01-01T00:14:00Z"));
        channel = openOn(time);
        line.receive(telegram("000001.000", "00.100", true));
        awaitTelegrams(1);
        time.advance(Duration.ofSeconds(10));
        line.receive(telegram("000001.001", "00.100", true));
        awaitTelegrams(2);
        time.advance(Duration.ofSeconds(15));

        Channel.Sample s = channel.sample(time.now(), List.of(), Optional.empty());

        assertThat(s.readings()).extracting(Reading::quality).containsOnly(Reading.Quality.GOOD);
        assertThat(s.readings().get(0).value()).isEqualByComparingTo("1.001");
    }

    @Test
    void close_stops_the_reader_thread() throws Exception {
        channel = open(Duration.ofSeconds(10));
        channel.close(); // joins the reader thread

        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("dsmr-p1") && t.isAlive());
        channel = null;
    }
}

package org.meternode.hal.meter.dsmr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.meternode.hal.meter.GoldenCorpus;
import org.meternode.hal.serial.FakeSerialLine;
import org.meternode.hal.serial.SerialSettings;

class DsmrReaderTest {
    private static final byte[] CAPTURE = GoldenCorpus.bytes("iskra-am550-dsmr50-capture.txt");
    private static final byte[] BAD_CRC = GoldenCorpus.bytes("iskra-am550-dsmr50-bad-crc.txt");

    private final FakeSerialLine line = new FakeSerialLine(Duration.ofMillis(20));

    @Test
    void configures_115200_8n1_and_reads_a_telegram() throws IOException {
        DsmrReader reader = new DsmrReader(line, Clock.systemUTC());
        line.receive(CAPTURE);

        Optional<DsmrTelegram> telegram = reader.read(Duration.ofSeconds(2));

        assertThat(line.settingsApplied()).containsExactly(SerialSettings.DSMR);
        assertThat(telegram.orElseThrow().value("1-0:1.8.1").orElseThrow().value()).isEqualTo(new BigDecimal("2236.186"));
        assertThat(reader.stats().telegrams()).isEqualTo(1);
    }

    @Test
    void drops_bad_crc_counts_it_and_returns_the_next_good_telegram() throws IOException {
        DsmrReader reader = new DsmrReader(line, SerialSettings.DSMR_2_2, Clock.systemUTC());
        line.receive(BAD_CRC);
        line.receive(CAPTURE);

        Optional<DsmrTelegram> telegram = reader.read(Duration.ofSeconds(2));

        assertThat(line.settingsApplied()).containsExactly(SerialSettings.DSMR_2_2);
        assertThat(telegram).isPresent();
        assertThat(reader.stats().badCrc()).isEqualTo(1);
        assertThat(reader.stats().lastRejection()).hasValueSatisfying(r -> assertThat(r).contains("CRC mismatch"));
    }

    @Test
    void times_out_without_a_reading_when_the_meter_stops_mid_telegram() throws IOException {
        DsmrReader reader = new DsmrReader(line, Clock.systemUTC());
        line.receive(Arrays.copyOf(CAPTURE, 300));

        Optional<DsmrTelegram> telegram = reader.read(Duration.ofMillis(150));

        assertThat(telegram).isEmpty();
        assertThat(reader.stats().timeouts()).isEqualTo(1);
        assertThat(reader.stats().discardedBytes()).isEqualTo(300);
    }

    @Test
    void a_telegram_after_a_timeout_is_not_glued_to_the_abandoned_part() throws IOException {
        DsmrReader reader = new DsmrReader(line, Clock.systemUTC());
        line.receive(Arrays.copyOfRange(CAPTURE, 0, 300));
        assertThat(reader.read(Duration.ofMillis(100))).isEmpty();

        line.receive(Arrays.copyOfRange(CAPTURE, 300, CAPTURE.length));
        line.receive(CAPTURE);

        assertThat(reader.read(Duration.ofSeconds(2))).isPresent();
        assertThat(reader.stats().garbageBytes()).isEqualTo(CAPTURE.length - 300);
        assertThat(reader.stats().telegrams()).isEqualTo(1);
    }
}

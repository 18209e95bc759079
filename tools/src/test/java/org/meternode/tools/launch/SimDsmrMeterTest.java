package org.meternode.tools.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.meternode.hal.meter.ChecksumException;
import org.meternode.hal.meter.dsmr.DsmrReader;
import org.meternode.hal.meter.dsmr.DsmrTelegram;
import org.meternode.hal.serial.JSerialCommLine;
import org.meternode.hal.serial.SerialSettings;

class SimDsmrMeterTest {
    private static final Instant AT = Instant.parse("2026-01-15T10:00:00Z");

    @Test
    void telegrams_decode_with_their_values() throws Exception {
        DsmrTelegram t = DsmrTelegram.decode(SimDsmrMeter.telegram(AT, new BigDecimal("1234.5678"),
                new BigDecimal("2"), new BigDecimal("1.25"), new BigDecimal("812.345"), true));

        assertThat(t.crcChecked()).isTrue();
        assertThat(t.value("1-0:1.8.1").orElseThrow().value()).isEqualByComparingTo("1234.568");
        assertThat(t.value("1-0:1.7.0").orElseThrow().unit()).isEqualTo("kW");
        assertThat(t.value("0-1:24.2.1").orElseThrow().value()).isEqualByComparingTo("812.345");
        assertThat(t.timestamp()).isPresent();
    }

    @Test
    void a_corrupted_telegram_fails_its_crc() {
        byte[] bad = SimDsmrMeter.telegram(AT, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, false);

        assertThatThrownBy(() -> DsmrTelegram.decode(bad)).isInstanceOf(ChecksumException.class);
    }

    @Test
    void writes_increasing_telegrams_on_a_pty() throws Exception {
        assumeTrue(SimDsmrMeter.socatAvailable(), "socat is not installed");
        try (SimDsmrMeter meter = SimDsmrMeter.start(Duration.ofMillis(200), 0);
             JSerialCommLine line = JSerialCommLine.open(meter.nodePort(), SerialSettings.DSMR, Duration.ofMillis(200))) {
            DsmrReader reader = new DsmrReader(line, Clock.systemUTC());
            Optional<DsmrTelegram> first = reader.read(Duration.ofSeconds(5));
            Optional<DsmrTelegram> second = reader.read(Duration.ofSeconds(5));

            assertThat(first).isPresent();
            assertThat(second).isPresent();
            assertThat(second.get().value("1-0:1.8.1").orElseThrow().value())
                    .isGreaterThanOrEqualTo(first.get().value("1-0:1.8.1").orElseThrow().value());
            assertThat(second.get().value("1-0:1.7.0").orElseThrow().value()).isBetween(
                    new BigDecimal("0.2"), new BigDecimal("3"));
            // The meter notes a telegram after writing it, so the reader may have it a moment earlier.
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (meter.sent().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(meter.sent()).hasSizeGreaterThanOrEqualTo(2).allMatch(SimDsmrMeter.Sent::goodCrc);
        }
    }
}

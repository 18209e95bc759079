package org.meternode.hal.meter.dsmr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.meternode.hal.meter.GoldenCorpus;
import org.meternode.hal.serial.JSerialCommLine;
import org.meternode.hal.serial.SerialSettings;
import org.meternode.hal.serial.SocatPty;

/** DSMR over a real pseudo-terminal pair: the meter writes with file I/O, the node reads with jSerialComm. */
class DsmrReaderIT {
    private SocatPty pty;
    private JSerialCommLine line;
    private OutputStream meter;

    @BeforeEach
    void connect() throws Exception {
        pty = SocatPty.start();
        line = JSerialCommLine.open(pty.nodeSide(), SerialSettings.DSMR, Duration.ofMillis(50));
        meter = new FileOutputStream(pty.meterSide().toFile());
    }

    @AfterEach
    void disconnect() throws IOException {
        if (meter != null) {
            meter.close();
        }
        if (line != null) {
            line.close();
        }
        if (pty != null) {
            pty.close();
        }
    }

    @Test
    void reads_a_good_telegram_through_the_pty() throws IOException {
        DsmrReader reader = new DsmrReader(line, Clock.systemUTC());
        send(GoldenCorpus.bytes("iskra-mt382-dsmr50-spec.txt"));

        DsmrTelegram telegram = reader.read(Duration.ofSeconds(5)).orElseThrow();

        assertThat(telegram.value("1-0:1.8.2").orElseThrow().value()).isEqualTo(new BigDecimal("123456.789"));
        assertThat(telegram.value("0-1:24.2.1").orElseThrow().timestamp())
                .contains(OffsetDateTime.parse("2010-12-09T11:25+01:00"));
        assertThat(reader.stats().telegrams()).isEqualTo(1);
    }

    @Test
    void drops_and_counts_a_bad_crc_telegram() throws IOException {
        DsmrReader reader = new DsmrReader(line, Clock.systemUTC());
        send(GoldenCorpus.bytes("iskra-am550-dsmr50-bad-crc.txt"));
        send(GoldenCorpus.bytes("iskra-am550-dsmr50-capture.txt"));

        Optional<DsmrTelegram> telegram = reader.read(Duration.ofSeconds(5));

        assertThat(telegram.orElseThrow().value("1-0:1.8.1").orElseThrow().value()).isEqualTo(new BigDecimal("2236.186"));
        assertThat(reader.stats().badCrc()).isEqualTo(1);
        assertThat(reader.stats().telegrams()).isEqualTo(1);
    }

    @Test
    void times_out_with_no_reading_when_the_meter_stops_mid_telegram() throws IOException {
        DsmrReader reader = new DsmrReader(line, Clock.systemUTC());
        byte[] capture = GoldenCorpus.bytes("iskra-am550-dsmr50-capture.txt");
        send(Arrays.copyOf(capture, 400));

        Optional<DsmrTelegram> telegram = reader.read(Duration.ofMillis(500));

        assertThat(telegram).isEmpty();
        assertThat(reader.stats().timeouts()).isEqualTo(1);
        assertThat(reader.stats().discardedBytes()).isEqualTo(400);
        assertThat(reader.stats().telegrams()).isZero();
    }

    private void send(byte[] bytes) throws IOException {
        meter.write(bytes);
        meter.flush();
    }
}

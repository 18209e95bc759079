package org.meternode.app.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.meternode.app.config.Iec62056ChannelConfig;
import org.meternode.app.config.ObisReading;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.Reading;
import org.meternode.hal.meter.iec62056.Iec62056DataBlock;
import org.meternode.hal.bus.fake.VirtualSleeper;
import org.meternode.hal.serial.FakeSerialLine;

/** An iec62056 channel in push mode: a unidirectional meter sends identification and data block by itself. */
class Iec62056PushChannelTest {
    private final FakeSerialLine line = new FakeSerialLine(Duration.ofMillis(50));
    private Iec62056PushChannel channel;

    @AfterEach
    void close() {
        if (channel != null) {
            channel.close();
        }
    }

    private static byte[] push(String kwh, boolean goodBcc) {
        byte[] id = "/EBZ5DD3BZ06ETA_107\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] block = Iec62056DataBlock.encode("1-0:1.8.0*255(" + kwh + "*kWh)\r\n1-0:16.7.0*255(000345.67*W)\r\n");
        if (!goodBcc) {
            block[block.length - 1] ^= 0x20;
        }
        byte[] out = new byte[id.length + block.length];
        System.arraycopy(id, 0, out, 0, id.length);
        System.arraycopy(block, 0, out, id.length, block.length);
        return out;
    }

    private void awaitFrames(long n) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> channel.goodFrames() + channel.badFrames() >= n);
    }

    @Test
    void reports_the_latest_good_push_and_drops_a_bad_bcc() throws Exception {
        channel = new Iec62056PushChannel("d0", line, Iec62056ChannelConfig.PUSH_SERIAL, List.of(
                new ObisReading("1-0:1.8.0", Quantity.ENERGY), new ObisReading("1-0:16.7.0", Quantity.POWER)),
                Optional.empty(), java.time.Clock.systemUTC());
        line.receive(push("000123.4567", true));
        line.receive(push("999999.9999", false));
        awaitFrames(2);

        Channel.Sample s = channel.sample(Instant.now(), List.of(), Optional.empty());

        assertThat(s.readings()).extracting(Reading::value).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("123.4567"), new BigDecimal("345.67"));
        assertThat(channel.goodFrames()).isEqualTo(1);
        assertThat(channel.badFrames()).isEqualTo(1);
        assertThat(line.settingsApplied()).containsOnly(Iec62056ChannelConfig.PUSH_SERIAL);
    }

    @Test
    void a_block_older_than_two_measured_push_periods_is_a_fault_naming_its_age() throws Exception {
        VirtualSleeper time = new VirtualSleeper(Instant.parse("2026-01-01T00:14:00Z"));
        channel = new Iec62056PushChannel("d0", line, Iec62056ChannelConfig.PUSH_SERIAL,
                List.of(new ObisReading("1-0:1.8.0", Quantity.ENERGY)), Optional.empty(), time.clock());
        line.receive(push("000001.0000", true));
        awaitFrames(1);
        time.advance(Duration.ofSeconds(4)); // the meter pushes every 4 s
        line.receive(push("000001.0001", true));
        awaitFrames(2);
        time.advance(Duration.ofSeconds(8));
        assertThat(channel.sample(time.now(), List.of(), Optional.empty()).readings()).extracting(Reading::quality)
                .containsOnly(Reading.Quality.GOOD);

        time.advance(Duration.ofSeconds(1));

        assertThatThrownBy(() -> channel.sample(time.now(), List.of(), Optional.empty()))
                .isInstanceOf(IOException.class).hasMessageContaining("for 9 s")
                .hasMessageContaining("max-age 8 s (2 push periods of 4 s measured)");
    }

    @Test
    void without_a_good_block_the_sample_fails_naming_the_port_and_the_rejection() throws Exception {
        channel = new Iec62056PushChannel("d0", line, Iec62056ChannelConfig.PUSH_SERIAL,
                List.of(new ObisReading("1-0:1.8.0", Quantity.ENERGY)), Optional.empty(),
                java.time.Clock.systemUTC());
        line.receive(push("000001.0000", false));
        awaitFrames(1);

        assertThatThrownBy(() -> channel.sample(Instant.now(), List.of(), Optional.empty()))
                .isInstanceOf(IOException.class).hasMessageContaining("no good IEC 62056-21 data block from " + line)
                .hasMessageContaining("0 good, 1 bad frames; last rejection: BCC");
    }

    @Test
    void reads_data_messages_sent_without_identification_and_names_a_bad_bcc() throws Exception {
        channel = new Iec62056PushChannel("d0", line, Iec62056ChannelConfig.PUSH_SERIAL,
                List.of(new ObisReading("1-0:1.8.0", Quantity.ENERGY)), Optional.empty(), java.time.Clock.systemUTC());
        byte[] good = Iec62056DataBlock.encode("1-0:1.8.0*255(000042.0001*kWh)\r\n");
        byte[] bad = Iec62056DataBlock.encode("1-0:1.8.0*255(000043.0001*kWh)\r\n");
        byte bcc = bad[bad.length - 1];
        bad[bad.length - 1] ^= 0x01;
        line.receive(good);
        line.receive(bad);
        awaitFrames(2);

        Channel.Sample s = channel.sample(Instant.now(), List.of(), Optional.empty());

        assertThat(s.readings()).extracting(Reading::value).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("42.0001"));
        assertThat(channel.goodFrames()).isEqualTo(1);
        assertThat(channel.badFrames()).isEqualTo(1);
        assertThat(channel.counts()).contains(String.format("BCC is %02Xh, the data message gives %02Xh", bcc & 0xFF,
                (bcc ^ 0x01) & 0xFF));
    }
}

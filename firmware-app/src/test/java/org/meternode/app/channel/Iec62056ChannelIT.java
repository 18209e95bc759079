package org.meternode.app.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.meternode.app.config.ObisReading;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.Reading;
import org.meternode.hal.meter.iec62056.Iec62056DataBlock;
import org.meternode.hal.serial.SerialSettings;

/**
 * An iec62056 mode C channel over a real pseudo-terminal: a fake meter answers the sign-on with its
 * identification (baud character 5: 9600), waits for the acknowledgement and sends a data block
 * whose values advance with each readout; the node switches rate in between.
 */
class Iec62056ChannelIT {
    private static final byte[] IDENTIFICATION = "/LEM5EM4TII\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final SerialSettings START = SerialSettings.IEC_62056_21_START;

    private final AtomicInteger readouts = new AtomicInteger();
    private PtyMeter meter;
    private Iec62056Channel channel;

    @AfterEach
    void close() throws InterruptedException {
        if (channel != null) {
            channel.close();
        }
        if (meter != null) {
            meter.close();
        }
    }

    static byte[] dataBlock(int readout) {
        return Iec62056DataBlock.encode("0.0.0(12345678)\r\n1-0:1.8.0*255(" + String.format("%09.1f", 1000.0 + readout)
                + "*kWh)\r\n1-0:32.7.0(230.1*V)\r\n1-0:1.7.0(01.250*kW)\r\n");
    }

    /** A meter that answers sign-on and acknowledgement; {@code damage} may spoil each data block. */
    private PtyMeter meter(java.util.function.UnaryOperator<byte[]> damage) throws Exception {
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        return new PtyMeter(START, (bytes, toNode) -> {
            pending.writeBytes(bytes);
            String text = pending.toString(StandardCharsets.ISO_8859_1);
            if (text.startsWith("/?") && text.endsWith("!\r\n")) {
                pending.reset();
                write(toNode, IDENTIFICATION);
            } else if (text.length() >= 6 && text.charAt(0) == 0x06 && text.endsWith("\r\n")) {
                pending.reset();
                write(toNode, damage.apply(dataBlock(readouts.incrementAndGet())));
            }
        });
    }

    private static void write(OutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    private Iec62056Channel channel(PtyMeter m) {
        return new Iec62056Channel("d0", m.nodeLine(), START, "", List.of(
                new ObisReading("1-0:1.8.0", Quantity.ENERGY), new ObisReading("1-0:1.7.0", Quantity.POWER),
                new ObisReading("1-0:32.7.0", Quantity.VOLTAGE)), java.time.Duration.ofSeconds(3));
    }

    @Test
    void reads_out_in_mode_c_switching_to_the_offered_rate_each_time() throws Exception {
        meter = meter(b -> b);
        channel = channel(meter);

        Channel.Sample first = channel.sample(Instant.now(), List.of(), Optional.empty());
        Channel.Sample second = channel.sample(Instant.now(), List.of(), Optional.empty());

        assertThat(first.readings()).extracting(Reading::value).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("1001.0"), new BigDecimal("1250"), new BigDecimal("230.1"));
        assertThat(second.readings().get(0).value()).isEqualByComparingTo("1002.0");
        assertThat(second.readings()).extracting(Reading::quality).containsOnly(Reading.Quality.GOOD);
        assertThat(meter.settings).containsExactly(START, START.withBaud(9600), START, START.withBaud(9600));
        assertThat(channel.goodFrames()).isEqualTo(2);
    }

    @Test
    void a_bad_bcc_fails_the_sample_and_is_counted() throws Exception {
        meter = meter(b -> {
            byte[] bad = b.clone();
            bad[bad.length - 1] ^= 0x01;
            return bad;
        });
        channel = channel(meter);

        assertThatThrownBy(() -> channel.sample(Instant.now(), List.of(), Optional.empty()))
                .isInstanceOf(IOException.class).hasMessageContaining("BCC")
                .hasMessageContaining(meter.nodeLine().toString()).hasMessageContaining("0 good, 1 bad");
    }

    @Test
    void a_meter_that_stops_mid_block_fails_the_sample() throws Exception {
        meter = meter(b -> Arrays.copyOf(b, b.length / 2));
        channel = channel(meter);

        assertThatThrownBy(() -> channel.sample(Instant.now(), List.of(), Optional.empty()))
                .isInstanceOf(IOException.class).hasMessageContaining("no complete IEC 62056-21 readout")
                .hasMessageContaining("did not finish within the timeout").hasMessageContaining("0 good, 1 bad");
    }
}

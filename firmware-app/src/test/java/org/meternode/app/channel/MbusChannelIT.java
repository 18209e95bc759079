package org.meternode.app.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.meternode.app.config.MbusChannelConfig;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.Reading;
import org.meternode.app.reading.ReadingStream;
import org.meternode.hal.meter.mbus.MbusRspUdBuilder;
import org.meternode.hal.meter.mbus.MbusSecondaryAddress;
import org.meternode.hal.meter.mbus.MbusSlave;
import org.meternode.hal.serial.SerialSettings;

/**
 * An mbus channel over a real pseudo-terminal: a simulated heat/water meter answers SND_NKE, its
 * selection and REQ_UD2 with a two-telegram readout whose volume advances at each readout.
 */
class MbusChannelIT {
    private static final MbusSecondaryAddress ID = new MbusSecondaryAddress("12345678", "ZRI", 1, 7);

    private final AtomicLong litres = new AtomicLong(123_456);
    private MbusSlave slave;
    private PtyMeter meter;
    private MbusChannel channel;

    @AfterEach
    void close() throws InterruptedException {
        if (channel != null) {
            channel.close();
        }
        if (meter != null) {
            meter.close();
        }
    }

    /** Telegram 1: volume (l) and energy (kWh) then "more follow"; telegram 2: power (W). */
    private List<byte[]> readout() {
        long l = litres.addAndGet(10);
        return List.of(new MbusRspUdBuilder(5, ID).int32(0x13, l).bcd8(0x06, 4711).moreRecordsFollow().build(),
                new MbusRspUdBuilder(5, ID).int32(0x2B, 1500).build());
    }

    private MbusChannel open(OptionalInt primary, String secondary) throws Exception {
        slave = new MbusSlave(5, ID, this::readout);
        meter = new PtyMeter(SerialSettings.MBUS, new PtyMeter.Behaviour() {
            private final MbusSlave.RequestFramer framer = new MbusSlave.RequestFramer();

            @Override
            public void onBytes(byte[] received, java.io.OutputStream toNode) throws IOException {
                for (byte[] request : framer.feed(received, received.length)) {
                    byte[] reply = slave.answer(request);
                    if (reply.length > 0) {
                        toNode.write(reply);
                        toNode.flush();
                    }
                }
            }
        });
        MbusChannelConfig config = new MbusChannelConfig("water", "/dev/pty", primary, secondary, SerialSettings.MBUS,
                List.of(MbusChannelConfig.Reading.ofRecord(0, ReadingStream.of(Quantity.VOLUME)),
                        MbusChannelConfig.Reading.ofRecord(1, ReadingStream.of(Quantity.ENERGY)),
                        new MbusChannelConfig.Reading(OptionalInt.empty(), "POWER", 0, 0, ReadingStream.of(Quantity.POWER))));
        return MbusChannel.open(config, meter.nodeLine());
    }

    @Test
    void polls_a_two_telegram_readout_by_primary_address_with_values_advancing() throws Exception {
        channel = open(OptionalInt.of(5), null);

        long started = System.nanoTime();
        Channel.Sample first = channel.sample(Instant.now(), List.of(), Optional.empty());
        long pollMs = (System.nanoTime() - started) / 1_000_000;
        Channel.Sample second = channel.sample(Instant.now(), List.of(), Optional.empty());

        assertThat(first.readings()).extracting(Reading::channel, Reading::unit, Reading::quality).containsExactly(
                tuple("water.volume", "m3", Reading.Quality.GOOD), tuple("water.energy", "kWh", Reading.Quality.GOOD),
                tuple("water.power", "W", Reading.Quality.GOOD));
        assertThat(first.readings()).extracting(Reading::value).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("123.466"), new BigDecimal("4711"), new BigDecimal("1500"));
        assertThat(second.readings().get(0).value()).isEqualByComparingTo("123.476");
        // SND_NKE on open, then per readout: SND_NKE, REQ_UD2 (FCB set), REQ_UD2 (FCB toggled)
        assertThat(slave.requests()).hasSize(7);
        System.out.printf("M-Bus poll of a 2-telegram readout over an unpaced pty (no 2400 baud timing; see MbusEndToEndIT): %d ms%n", pollMs);
    }

    @Test
    void polls_by_secondary_id_with_wildcard_selection() throws Exception {
        channel = open(OptionalInt.empty(), "12345678");

        Channel.Sample s = channel.sample(Instant.now(), List.of(), Optional.empty());

        assertThat(s.readings()).extracting(Reading::quality).containsOnly(Reading.Quality.GOOD);
        assertThat(s.readings().get(0).value()).isEqualByComparingTo("123.466");
    }

    @Test
    void a_meter_that_stops_mid_telegram_fails_the_sample_with_port_and_counts() throws Exception {
        channel = open(OptionalInt.of(5), null);
        channel.sample(Instant.now(), List.of(), Optional.empty());
        slave.stopMidTelegram();

        assertThatThrownBy(() -> channel.sample(Instant.now(), List.of(), Optional.empty()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no complete M-Bus readout of primary address 5 from serial port")
                .hasMessageContaining("incomplete: 30 bytes received")
                .hasMessageContaining("1 good, 1 bad frames, 2 timeouts");

        slave.answerInFull();
        assertThat(channel.sample(Instant.now(), List.of(), Optional.empty()).readings())
                .extracting(Reading::quality).containsOnly(Reading.Quality.GOOD);
    }

    @Test
    void a_bad_checksum_on_both_attempts_fails_the_sample() throws Exception {
        channel = open(OptionalInt.of(5), null);
        byte[] damaged = readout().get(0);
        damaged[damaged.length - 2] ^= 0x01;
        slave.replaceReplyTo(2, damaged); // request 0 is the SND_NKE of open, 1 the readout's SND_NKE
        slave.replaceReplyTo(3, damaged);

        assertThatThrownBy(() -> channel.sample(Instant.now(), List.of(), Optional.empty()))
                .isInstanceOf(IOException.class).hasMessageContaining("bad M-Bus readout")
                .hasMessageContaining("checksum").hasMessageContaining("2 rejected frames");
    }
}

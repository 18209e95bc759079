package org.meternode.app.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.ReadingStream;
import org.meternode.app.reading.Reading;
import org.meternode.hal.AnalogChannel;
import org.meternode.hal.sensor.CtClamp;

/** A CT clamp channel: one current reading in A with 3 decimals at each interval end. */
class CtClampChannelTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void reports_rms_current_in_amps_with_three_decimals() throws IOException {
        // 8 samples alternating 1.65 +- 0.1 V: 0.1 V rms over 22 ohm at 2000:1 is 9.0909... A
        CtClampChannel ct = new CtClampChannel("mains", clamp(new Square(0.1)));

        List<Reading> readings = ct.sample(T0, List.of(), Optional.empty()).readings();

        assertThat(ct.streams()).extracting(ReadingStream::quantity).containsExactly(Quantity.CURRENT);
        assertThat(readings).containsExactly(new Reading("mains.current", T0, 9091, -3, "A", Reading.Quality.GOOD));
    }

    @Test
    void with_nominal_volts_it_also_reports_apparent_power_in_va() throws IOException {
        CtClampChannel ct = new CtClampChannel("mains", clamp(new Square(0.1)), OptionalDouble.of(230));

        List<Reading> readings = ct.sample(T0, List.of(), Optional.empty()).readings();

        assertThat(ct.streams()).extracting(ReadingStream::quantity).containsExactly(Quantity.CURRENT, Quantity.APPARENT_POWER);
        // 9.0909... A x 230 V = 2090.909... VA, one decimal
        assertThat(readings).containsExactly(
                new Reading("mains.current", T0, 9091, -3, "A", Reading.Quality.GOOD),
                new Reading("mains.apparent-power", T0, 20909, -1, "VA", Reading.Quality.GOOD));
    }

    @Test
    void missed_interval_ends_get_no_reading_and_no_counter_is_kept() throws IOException {
        CtClampChannel ct = new CtClampChannel("mains", clamp(new Square(0.1)));

        Channel.Sample sample = ct.sample(T0, List.of(T0.minusSeconds(900), T0.minusSeconds(1800)), Optional.empty());

        assertThat(sample.readings()).extracting(Reading::at).containsExactly(T0);
        assertThat(sample.counter()).isEmpty();
    }

    @Test
    void no_current_is_zero_amps() throws IOException {
        CtClampChannel ct = new CtClampChannel("mains", clamp(new Square(0)));

        assertThat(ct.sample(T0, List.of(), Optional.empty()).readings().get(0).mantissa()).isZero();
    }

    @Test
    void an_adc_failure_fails_the_sample() {
        CtClampChannel ct = new CtClampChannel("mains", clamp(new AnalogChannel() {
            @Override
            public double readVolts() throws IOException {
                throw new IOException("ADS1115 0x48: no answer");
            }

            @Override
            public double samplesPerSecond() {
                return 400;
            }
        }));

        assertThatThrownBy(() -> ct.sample(T0, List.of(), Optional.empty())).isInstanceOf(IOException.class)
                .hasMessageContaining("0x48");
    }

    /** 1 cycle at 50 Hz and 400 SPS: 8 samples. */
    private static CtClamp clamp(AnalogChannel adc) {
        return new CtClamp(adc, 2000, 22, 50, 1, 1.0);
    }

    /** A square wave around 1.65 V: every read flips between bias + amplitude and bias - amplitude. */
    private static final class Square implements AnalogChannel {
        private final double amplitude;
        private int reads;

        Square(double amplitude) {
            this.amplitude = amplitude;
        }

        @Override
        public double readVolts() {
            return 1.65 + (reads++ % 2 == 0 ? amplitude : -amplitude);
        }

        @Override
        public double samplesPerSecond() {
            return 400;
        }
    }
}

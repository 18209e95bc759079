package org.meternode.app.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.meternode.app.outbox.CounterState;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.ReadingStream;
import org.meternode.app.reading.Reading;
import org.meternode.hal.AnalogChannel;
import org.meternode.hal.sensor.CtClamp;
import org.meternode.hal.sensor.MainsChip;

/** A CT clamp channel: current, and with a voltage (nominal or measured) power and energy. */
class CtClampChannelTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration QUARTER = Duration.ofMinutes(15);

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
        CtClampChannel ct = nominal(new Square(0.1));

        List<Reading> readings = ct.sample(T0, List.of(), Optional.empty()).readings();

        assertThat(ct.streams()).extracting(ReadingStream::quantity)
                .containsExactly(Quantity.CURRENT, Quantity.APPARENT_POWER, Quantity.APPARENT_ENERGY);
        // 9.0909... A x 230 V = 2090.909... VA, one decimal; apparent energy starts at 0
        assertThat(readings).containsExactly(
                new Reading("mains.current", T0, 9091, -3, "A", Reading.Quality.GOOD),
                new Reading("mains.apparent-power", T0, 20909, -1, "VA", Reading.Quality.GOOD),
                new Reading("mains.apparent-energy", T0, 0, 0, "kVAh", Reading.Quality.GOOD));
    }

    @Test
    void energy_integrates_power_between_interval_ends_and_the_total_is_kept_in_the_counter_state()
            throws IOException {
        CtClampChannel ct = nominal(new Square(0.1));
        Channel.Sample first = ct.sample(T0, List.of(), Optional.empty());

        Channel.Sample second = ct.sample(T0.plus(QUARTER), List.of(), first.counter());

        // 2090.909 VA for a quarter hour = 522.727 VAh (power kept in mW, energy in mVAh)
        assertThat(second.readings()).filteredOn(r -> r.channel().equals("mains.apparent-energy"))
                .containsExactly(new Reading("mains.apparent-energy", T0.plus(QUARTER), 522727, -6, "kVAh",
                        Reading.Quality.GOOD));
        assertThat(second.counter()).contains(new CounterState(2090909, 522727, T0.plus(QUARTER),
                CounterState.Scale.from(BigDecimal.valueOf(1.0))));
    }

    @Test
    void a_new_calibration_keeps_the_energy_so_far_and_integrates_the_interval_at_the_new_one()
            throws IOException {
        CtClampChannel ct = nominal(new Square(0.1));
        Channel.Sample first = ct.sample(T0, List.of(), Optional.empty());
        Channel.Sample second = ct.sample(T0.plus(QUARTER), List.of(), first.counter());

        ct.recalibrate(2.0);
        Channel.Sample third = ct.sample(T0.plus(QUARTER.multipliedBy(2)), List.of(), second.counter());

        // 522.727 VAh kept; the quarter hour up to the change at 2 x 2090.909 VA (the last power measured
        // is restated at the new calibration, not averaged with the old one): + 1045.455 VAh
        assertThat(third.readings()).filteredOn(r -> r.channel().equals("mains.apparent-energy"))
                .extracting(Reading::value).containsExactly(new BigDecimal("1.568182"));
    }

    @Test
    void a_calibration_changed_before_a_restart_integrates_the_same_as_without_the_restart() throws IOException {
        CtClampChannel ct = nominal(new Square(0.1));
        Channel.Sample first = ct.sample(T0, List.of(), Optional.empty());

        CtClampChannel restarted = new CtClampChannel("mains", new CtClamp(new Square(0.1), 2000, 22, 50, 1, 2.0),
                OptionalDouble.of(230), Optional.empty());
        Channel.Sample second = restarted.sample(T0.plus(QUARTER), List.of(), first.counter());

        assertThat(second.readings()).filteredOn(r -> r.channel().equals("mains.apparent-energy"))
                .extracting(Reading::value).containsExactly(new BigDecimal("1.045455"));
    }

    @Test
    void across_missed_interval_ends_energy_is_interpolated_and_marked() throws IOException {
        CtClampChannel ct = nominal(new Square(0.1));
        CounterState before = new CounterState(2090909, 1_000_000, T0);

        Channel.Sample sample = ct.sample(T0.plus(QUARTER.multipliedBy(2)), List.of(T0.plus(QUARTER)),
                Optional.of(before));

        assertThat(sample.readings()).filteredOn(r -> r.channel().equals("mains.apparent-energy"))
                .extracting(Reading::at, Reading::value, Reading::quality)
                .containsExactly(
                        tuple(T0.plus(QUARTER), new BigDecimal("1.522727"), Reading.Quality.INTERPOLATED),
                        tuple(T0.plus(QUARTER.multipliedBy(2)), new BigDecimal("2.045455"),
                                Reading.Quality.INTERPOLATED));
    }

    @Test
    void with_a_voltage_reference_it_reports_real_power_voltage_and_energy() throws IOException {
        MainsChip chip = new MainsChip(50, 10, 36.87, 0, 230, 0); // power factor 0.8: 1840 W
        CtClampChannel ct = new CtClampChannel("mains", new CtClamp(chip.input(false), MainsChip.TURNS,
                MainsChip.BURDEN, 50, 20, 1.0), OptionalDouble.empty(),
                Optional.of(new CtClamp.VoltageReference(chip.input(true), MainsChip.VOLTS_PER_VOLT)));

        Channel.Sample first = ct.sample(T0, List.of(), Optional.empty());
        Channel.Sample second = ct.sample(T0.plus(Duration.ofHours(1)), List.of(), first.counter());

        assertThat(ct.streams()).extracting(s -> s.in("mains")).containsExactly("mains.current", "mains.voltage",
                "mains.power", "mains.apparent-power", "mains.energy");
        assertThat(value(second, "mains.power")).isCloseTo(chip.realWatts(), withinPercentage(0.5));
        assertThat(value(second, "mains.voltage")).isCloseTo(230, withinPercentage(0.5));
        assertThat(value(second, "mains.apparent-power")).isCloseTo(2300, withinPercentage(0.5));
        assertThat(value(second, "mains.energy")).as("kWh over an hour").isCloseTo(1.840, withinPercentage(0.5));
    }

    @Test
    void negative_power_adds_no_energy() throws IOException {
        MainsChip exporting = new MainsChip(50, 10, 180, 0, 230, 0);
        CtClampChannel ct = new CtClampChannel("pv", new CtClamp(exporting.input(false), MainsChip.TURNS,
                MainsChip.BURDEN, 50, 20, 1.0), OptionalDouble.empty(),
                Optional.of(new CtClamp.VoltageReference(exporting.input(true), MainsChip.VOLTS_PER_VOLT)));

        Channel.Sample sample = ct.sample(T0.plus(QUARTER), List.of(), Optional.of(new CounterState(0, 5_000, T0)));

        assertThat(value(sample, "pv.power")).isLessThan(-2000);
        assertThat(value(sample, "pv.energy")).isEqualTo(0.005);
    }

    private static double value(Channel.Sample sample, String stream) {
        return sample.readings().stream().filter(r -> r.channel().equals(stream)).findFirst().orElseThrow()
                .doubleValue();
    }

    private static CtClampChannel nominal(AnalogChannel adc) {
        return new CtClampChannel("mains", clamp(adc), OptionalDouble.of(230), Optional.empty());
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

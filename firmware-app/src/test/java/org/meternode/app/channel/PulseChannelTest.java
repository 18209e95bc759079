package org.meternode.app.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.meternode.app.outbox.CounterState;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.ReadingStream;
import org.meternode.app.reading.Reading;
import org.meternode.app.reading.Reading.Quality;
import org.meternode.hal.PulseCount;
import org.meternode.hal.PulseCounter;

/** Pulse totals to kWh, W and m3, across counter resets and missed interval ends. */
class PulseChannelTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration QUARTER = Duration.ofMinutes(15);
    private static final CounterState.Scale PER_1000 = CounterState.Scale.from(new BigDecimal("1000"));

    private final ScriptedCounter counter = new ScriptedCounter();

    @Test
    void electricity_reports_energy_and_power_streams_named_after_the_channel() {
        PulseChannel grid = PulseChannel.electricity("grid", counter, new BigDecimal("1000"));

        assertThat(grid.id()).isEqualTo("grid");
        assertThat(grid.streams()).extracting(ReadingStream::quantity).containsExactly(Quantity.ENERGY, Quantity.POWER);
        assertThat(PulseChannel.water("tap", counter, BigDecimal.ONE).streams()).extracting(ReadingStream::quantity)
                .containsExactly(Quantity.VOLUME, Quantity.FLOW);
    }

    @Test
    void first_sample_is_energy_only_with_exact_decimal_digits() throws IOException {
        PulseChannel grid = PulseChannel.electricity("grid", counter, new BigDecimal("1000"));
        counter.willRead(1234, T0.plusMillis(40));

        Channel.Sample sample = grid.sample(T0, List.of(), Optional.empty());

        assertThat(sample.readings()).containsExactly(
                new Reading("grid.energy", T0, 1234, -3, "kWh", Quality.GOOD));
        assertThat(sample.readings().get(0).value()).isEqualByComparingTo("1.234");
        assertThat(sample.counter()).contains(new CounterState(1234, 0, T0.plusMillis(40), PER_1000));
    }

    @Test
    void energy_at_800_impulses_per_kwh_is_exact() throws IOException {
        PulseChannel grid = PulseChannel.electricity("grid", counter, new BigDecimal("800"));
        counter.willRead(1001, T0);

        Reading energy = grid.sample(T0, List.of(), Optional.empty()).readings().get(0);

        assertThat(energy.mantissa()).isEqualTo(125_125);
        assertThat(energy.exponent()).isEqualTo(-5);
    }

    @Test
    void energy_that_does_not_terminate_is_rounded_to_6_decimals() throws IOException {
        PulseChannel grid = PulseChannel.electricity("grid", counter, new BigDecimal("600"));
        counter.willRead(1, T0);
        counter.willRead(2, T0.plus(QUARTER));

        Reading first = grid.sample(T0, List.of(), Optional.empty()).readings().get(0);
        Reading second = grid.sample(T0.plus(QUARTER), List.of(), Optional.of(new CounterState(1, 0, T0)))
                .readings().get(0);

        assertThat(first.value()).isEqualByComparingTo("0.001667");
        assertThat(first.exponent()).isEqualTo(-6);
        assertThat(second.value()).isEqualByComparingTo("0.003333");
    }

    @Test
    void zero_pulses_is_zero_kwh() throws IOException {
        PulseChannel grid = PulseChannel.electricity("grid", counter, new BigDecimal("1000"));
        counter.willRead(0, T0);

        Reading energy = grid.sample(T0, List.of(), Optional.empty()).readings().get(0);

        assertThat(energy.mantissa()).isZero();
        assertThat(energy.value()).isEqualByComparingTo("0");
    }

    @Test
    void mean_power_is_the_energy_between_the_two_reads_over_their_time() throws IOException {
        PulseChannel grid = PulseChannel.electricity("grid", counter, new BigDecimal("1000"));
        CounterState previous = new CounterState(1000, 0, T0);
        counter.willRead(1250, T0.plus(QUARTER));

        List<Reading> readings = grid.sample(T0.plus(QUARTER), List.of(), Optional.of(previous)).readings();

        assertThat(readings).extracting(Reading::channel, Reading::unit, Reading::quality).containsExactly(
                tuple("grid.energy", "kWh", Quality.GOOD),
                tuple("grid.power", "W", Quality.GOOD));
        assertThat(readings.get(0).value()).isEqualByComparingTo("1.25");
        assertThat(readings.get(1).value()).isEqualByComparingTo("1000"); // 250 Wh in a quarter hour
        assertThat(readings.get(1).at()).isEqualTo(T0.plus(QUARTER));
    }

    @Test
    void mean_power_keeps_one_decimal() throws IOException {
        PulseChannel grid = PulseChannel.electricity("grid", counter, new BigDecimal("800"));
        counter.willRead(107, T0.plus(Duration.ofMinutes(10)));

        // 7 pulses at 800/kWh in 10 minutes: 8.75 Wh over 1/6 h = 52.5 W
        Reading power = grid.sample(T0.plus(Duration.ofMinutes(10)), List.of(),
                Optional.of(new CounterState(100, 0, T0))).readings().get(1);

        assertThat(power.value()).isEqualByComparingTo("52.5");
        assertThat(power.mantissa()).isEqualTo(525);
        assertThat(power.exponent()).isEqualTo(-1);
    }

    @Test
    void no_pulses_is_zero_watts() throws IOException {
        PulseChannel grid = PulseChannel.electricity("grid", counter, new BigDecimal("1000"));
        counter.willRead(500, T0.plus(QUARTER));

        Reading power = grid.sample(T0.plus(QUARTER), List.of(), Optional.of(new CounterState(500, 0, T0)))
                .readings().get(1);

        assertThat(power.value()).isEqualByComparingTo("0");
    }

    @Test
    void no_power_reading_when_the_counter_was_read_at_the_same_instant() throws IOException {
        PulseChannel grid = PulseChannel.electricity("grid", counter, new BigDecimal("1000"));
        counter.willRead(500, T0);

        List<Reading> readings = grid.sample(T0, List.of(), Optional.of(new CounterState(500, 0, T0))).readings();

        assertThat(readings).extracting(Reading::channel).containsExactly("grid.energy");
    }

    @Test
    void water_volume_is_litres_per_pulse_in_cubic_metres() throws IOException {
        PulseChannel tap = PulseChannel.water("tap", counter, new BigDecimal("0.5"));
        counter.willRead(1234, T0);
        counter.willRead(1240, T0.plus(QUARTER));

        List<Reading> first = tap.sample(T0, List.of(), Optional.empty()).readings();
        List<Reading> second = tap.sample(T0.plus(QUARTER), List.of(), Optional.of(new CounterState(1234, 0, T0)))
                .readings();

        assertThat(first).containsExactly(new Reading("tap.volume", T0, 617, -3, "m3", Quality.GOOD));
        assertThat(second).first().satisfies(r -> {
            assertThat(r.value()).isEqualByComparingTo("0.62");
            assertThat(r.unit()).isEqualTo("m3");
        });
        assertThat(second).extracting(Reading::channel).containsExactly("tap.volume", "tap.flow");
    }

    @Test
    void water_with_ten_litre_pulses() throws IOException {
        PulseChannel tap = PulseChannel.water("tap", counter, new BigDecimal("10"));
        counter.willRead(3, T0);

        Reading volume = tap.sample(T0, List.of(), Optional.empty()).readings().get(0);

        assertThat(volume.mantissa()).isEqualTo(3);
        assertThat(volume.exponent()).isEqualTo(-2);
    }

    @Test
    void water_flow_is_the_mean_litres_per_minute_between_the_two_reads() throws IOException {
        PulseChannel tap = PulseChannel.water("tap", counter, new BigDecimal("0.5"));
        counter.willRead(1090, T0.plus(QUARTER));

        // 90 pulses of 0.5 L in 15 minutes: 45 L, 3 L/min
        List<Reading> readings = tap.sample(T0.plus(QUARTER), List.of(), Optional.of(new CounterState(1000, 0, T0)))
                .readings();

        assertThat(readings).containsExactly(
                new Reading("tap.volume", T0.plus(QUARTER), 545, -3, "m3", Quality.GOOD),
                new Reading("tap.flow", T0.plus(QUARTER), 3, 0, "L/min", Quality.GOOD));
    }

    @Test
    void water_flow_keeps_two_decimals_and_is_zero_without_pulses() throws IOException {
        PulseChannel tap = PulseChannel.water("tap", counter, new BigDecimal("1"));
        counter.willRead(107, T0.plus(Duration.ofMinutes(9)));
        counter.willRead(107, T0.plus(Duration.ofMinutes(18)));

        Reading flow = tap.sample(T0.plus(Duration.ofMinutes(9)), List.of(),
                Optional.of(new CounterState(100, 0, T0))).readings().get(1);
        Reading still = tap.sample(T0.plus(Duration.ofMinutes(18)), List.of(),
                Optional.of(new CounterState(107, 0, T0.plus(Duration.ofMinutes(9))))).readings().get(1);

        assertThat(flow.value()).isEqualByComparingTo("0.78"); // 7 L / 9 min = 0.777...
        assertThat(flow.unit()).isEqualTo("L/min");
        assertThat(still.value()).isEqualByComparingTo("0");
    }

    @Test
    void a_new_pulse_constant_rebases_the_energy_total_and_it_never_goes_back_or_jumps() throws IOException {
        PulseChannel grid = PulseChannel.electricity("grid", counter, new BigDecimal("1000"));
        counter.willRead(5000, T0);
        counter.willRead(5400, T0.plus(QUARTER));
        Channel.Sample before = grid.sample(T0, List.of(), Optional.empty());

        grid.recalibrate(new BigDecimal("2000"));
        Channel.Sample after = grid.sample(T0.plus(QUARTER), List.of(), before.counter());

        assertThat(before.readings().get(0).value()).isEqualByComparingTo("5");
        // 5 kWh kept at the change, the 400 pulses since at 2000/kWh: 5.2 kWh, not 5400/2000 = 2.7
        assertThat(after.readings()).extracting(Reading::channel, Reading::value).containsExactly(
                tuple("grid.energy", new BigDecimal("5.2")), tuple("grid.power", new BigDecimal("800")));
        assertThat(after.counter()).contains(new CounterState(5400, 0, T0.plus(QUARTER),
                new CounterState.Scale(new BigDecimal("2000"), 5000, new BigDecimal("5.000000"))));
    }

    @Test
    void a_rebased_total_is_the_same_after_a_restart_with_the_new_constant() throws IOException {
        PulseChannel grid = PulseChannel.electricity("grid", counter, new BigDecimal("1000"));
        counter.willRead(5000, T0);
        counter.willRead(5400, T0.plus(QUARTER));
        Channel.Sample before = grid.sample(T0, List.of(), Optional.empty());
        grid.recalibrate(new BigDecimal("2000"));
        Channel.Sample after = grid.sample(T0.plus(QUARTER), List.of(), before.counter());

        // Restarted: the channel is built with the new constant, the state comes from the outbox.
        PulseChannel restarted = PulseChannel.electricity("grid", counter, new BigDecimal("2000"));
        counter.willRead(5800, T0.plus(QUARTER.multipliedBy(2)));
        Channel.Sample next = restarted.sample(T0.plus(QUARTER.multipliedBy(2)), List.of(), after.counter());

        assertThat(next.readings().get(0).value()).isEqualByComparingTo("5.4");
    }

    @Test
    void a_constant_changed_before_the_next_interval_was_stored_rebases_after_a_restart() throws IOException {
        // The remote write stored the new constant, then the node restarted before an interval was stored.
        PulseChannel grid = PulseChannel.electricity("grid", counter, new BigDecimal("1000"));
        counter.willRead(5000, T0);
        Channel.Sample before = grid.sample(T0, List.of(), Optional.empty());

        PulseChannel restarted = PulseChannel.electricity("grid", counter, new BigDecimal("2000"));
        counter.willRead(5400, T0.plus(QUARTER));
        Channel.Sample after = restarted.sample(T0.plus(QUARTER), List.of(), before.counter());

        assertThat(after.readings().get(0).value()).isEqualByComparingTo("5.2");
    }

    @Test
    void a_new_litres_per_pulse_rebases_the_volume_total() throws IOException {
        PulseChannel tap = PulseChannel.water("tap", counter, BigDecimal.ONE);
        counter.willRead(1000, T0);
        counter.willRead(1100, T0.plus(QUARTER));
        counter.willRead(1200, T0.plus(QUARTER.multipliedBy(2)));
        Channel.Sample first = tap.sample(T0, List.of(), Optional.empty());

        tap.recalibrate(BigDecimal.TEN);
        Channel.Sample second = tap.sample(T0.plus(QUARTER), List.of(), first.counter());
        Channel.Sample third = tap.sample(T0.plus(QUARTER.multipliedBy(2)), List.of(), second.counter());

        assertThat(List.of(first, second, third)).extracting(s -> s.readings().get(0).value())
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("1"), new BigDecimal("2"), new BigDecimal("3"));
        assertThat(second.readings().get(1).value()).as("100 pulses of 10 L in 15 min")
                .isEqualByComparingTo("66.67");
    }

    @Test
    void missed_interval_ends_after_a_change_interpolate_from_the_rebased_total() throws IOException {
        PulseChannel grid = PulseChannel.electricity("grid", counter, new BigDecimal("2000"));
        counter.willRead(5400, T0.plus(QUARTER.multipliedBy(2)));
        CounterState before = new CounterState(5000, 0, T0, CounterState.Scale.from(new BigDecimal("1000")));

        Channel.Sample sample = grid.sample(T0.plus(QUARTER.multipliedBy(2)), List.of(T0.plus(QUARTER)),
                Optional.of(before));

        assertThat(sample.readings()).filteredOn(r -> r.channel().equals("grid.energy"))
                .extracting(Reading::value).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("5.1"), new BigDecimal("5.2"));
    }

    @Test
    void a_counter_reset_carries_the_old_total_into_the_base() throws IOException {
        PulseChannel grid = PulseChannel.electricity("grid", counter, new BigDecimal("1000"));
        counter.willRead(12, T0.plus(QUARTER));
        counter.willRead(40, T0.plus(QUARTER.multipliedBy(2)));

        Channel.Sample afterReset = grid.sample(T0.plus(QUARTER), List.of(),
                Optional.of(new CounterState(5000, 0, T0)));
        Channel.Sample next = grid.sample(T0.plus(QUARTER.multipliedBy(2)), List.of(), afterReset.counter());

        assertThat(afterReset.counter()).contains(new CounterState(12, 5000, T0.plus(QUARTER), PER_1000));
        assertThat(afterReset.readings().get(0).value()).isEqualByComparingTo("5.012");
        assertThat(afterReset.readings().get(1).value()).as("12 pulses in 15 min").isEqualByComparingTo("48");
        assertThat(next.counter()).contains(new CounterState(40, 5000, T0.plus(QUARTER.multipliedBy(2)), PER_1000));
        assertThat(next.readings().get(0).value()).isEqualByComparingTo("5.04");
    }

    @Test
    void a_second_reset_adds_to_the_base_again() throws IOException {
        PulseChannel grid = PulseChannel.electricity("grid", counter, new BigDecimal("1000"));
        counter.willRead(3, T0.plus(QUARTER));

        Channel.Sample sample = grid.sample(T0.plus(QUARTER), List.of(),
                Optional.of(new CounterState(12, 5000, T0)));

        assertThat(sample.counter()).contains(new CounterState(3, 5012, T0.plus(QUARTER), PER_1000));
        assertThat(sample.readings().get(0).value()).isEqualByComparingTo("5.015");
    }

    @Test
    void missed_interval_ends_get_interpolated_readings() throws IOException {
        PulseChannel grid = PulseChannel.electricity("grid", counter, new BigDecimal("1000"));
        Instant end = T0.plus(Duration.ofHours(1));
        List<Instant> missed = List.of(T0.plus(QUARTER), T0.plus(QUARTER.multipliedBy(2)),
                T0.plus(QUARTER.multipliedBy(3)));
        counter.willRead(2000, end);

        List<Reading> readings = grid.sample(end, missed, Optional.of(new CounterState(1000, 0, T0))).readings();

        assertThat(readings).extracting(r -> r.channel() + "@" + r.at().toString().substring(11, 16) + " "
                + r.value().toPlainString() + " " + r.quality()).containsExactly(
                "grid.energy@10:15 1.25 INTERPOLATED", "grid.power@10:15 1000 INTERPOLATED",
                "grid.energy@10:30 1.5 INTERPOLATED", "grid.power@10:30 1000 INTERPOLATED",
                "grid.energy@10:45 1.75 INTERPOLATED", "grid.power@10:45 1000 INTERPOLATED",
                // The end itself is measured; its power is the mean over the whole outage.
                "grid.energy@11:00 2 GOOD", "grid.power@11:00 1000 INTERPOLATED");
    }

    @Test
    void interpolated_totals_lie_between_the_bracketing_reads_and_never_decrease() throws IOException {
        PulseChannel grid = PulseChannel.electricity("grid", counter, new BigDecimal("1000"));
        Instant prevAt = T0.plusMillis(230); // reads happen a little after the boundary they close
        Instant end = T0.plus(QUARTER.multipliedBy(12));
        Instant readAt = end.plusMillis(870);
        List<Instant> missed = new ArrayList<>();
        for (int i = 1; i < 12; i++) {
            missed.add(T0.plus(QUARTER.multipliedBy(i)));
        }
        counter.willRead(1007, readAt); // only 7 pulses over 11 missed ends

        List<Reading> energy = grid.sample(end, missed, Optional.of(new CounterState(1000, 0, prevAt))).readings()
                .stream().filter(r -> r.channel().equals("grid.energy")).toList();

        assertThat(energy).hasSize(12);
        assertThat(energy.subList(0, 11)).allSatisfy(r -> {
            assertThat(r.quality()).isEqualTo(Quality.INTERPOLATED);
            assertThat(r.value()).isBetween(new BigDecimal("1.000"), new BigDecimal("1.007"));
        });
        assertThat(energy).extracting(Reading::at).containsExactlyElementsOf(
                concat(missed, end));
        assertThat(energy).extracting(Reading::value).isSortedAccordingTo(BigDecimal::compareTo);
        assertThat(energy.get(11).value()).isEqualByComparingTo("1.007");
        assertThat(energy.get(11).quality()).isEqualTo(Quality.GOOD);
    }

    @Test
    void interpolation_across_a_counter_reset_stays_between_the_totals() throws IOException {
        PulseChannel grid = PulseChannel.electricity("grid", counter, new BigDecimal("1000"));
        Instant end = T0.plus(QUARTER.multipliedBy(2));
        counter.willRead(12, end);

        List<Reading> energy = grid.sample(end, List.of(T0.plus(QUARTER)), Optional.of(new CounterState(5000, 0, T0)))
                .readings().stream().filter(r -> r.channel().equals("grid.energy")).toList();

        assertThat(energy).extracting(r -> r.value().toPlainString()).containsExactly("5.006", "5.012");
        assertThat(energy.get(0).quality()).isEqualTo(Quality.INTERPOLATED);
    }

    @Test
    void water_interpolates_volume() throws IOException {
        PulseChannel tap = PulseChannel.water("tap", counter, new BigDecimal("1"));
        Instant end = T0.plus(QUARTER.multipliedBy(2));
        counter.willRead(300, end);

        List<Reading> readings = tap.sample(end, List.of(T0.plus(QUARTER)), Optional.of(new CounterState(100, 0, T0)))
                .readings();

        // 200 L in 30 minutes: a mean flow of 6.67 L/min, at the missed end and at this one
        assertThat(readings).extracting(r -> r.channel() + " " + r.value().toPlainString() + " " + r.quality())
                .containsExactly("tap.volume 0.2 INTERPOLATED", "tap.flow 6.67 INTERPOLATED",
                        "tap.volume 0.3 GOOD", "tap.flow 6.67 INTERPOLATED");
    }

    @Test
    void missed_ends_outside_the_two_reads_are_not_invented() throws IOException {
        PulseChannel grid = PulseChannel.electricity("grid", counter, new BigDecimal("1000"));
        Instant end = T0.plus(QUARTER.multipliedBy(2));
        counter.willRead(1100, end);

        // The previous read was after the first missed boundary: nothing brackets it.
        List<Reading> readings = grid.sample(end, List.of(T0, T0.plus(QUARTER)),
                Optional.of(new CounterState(1000, 0, T0.plusSeconds(1)))).readings();

        assertThat(readings).extracting(Reading::at).doesNotContain(T0).contains(T0.plus(QUARTER), end);
    }

    @Test
    void a_first_sample_after_an_outage_cannot_interpolate_and_reports_only_the_end() throws IOException {
        PulseChannel grid = PulseChannel.electricity("grid", counter, new BigDecimal("1000"));
        counter.willRead(1000, T0.plus(QUARTER.multipliedBy(2)));

        List<Reading> readings = grid.sample(T0.plus(QUARTER.multipliedBy(2)), List.of(T0.plus(QUARTER)),
                Optional.empty()).readings();

        assertThat(readings).containsExactly(
                new Reading("grid.energy", T0.plus(QUARTER.multipliedBy(2)), 1, 0, "kWh", Quality.GOOD));
    }

    @Test
    void a_counter_that_fails_fails_the_sample() {
        PulseChannel grid = PulseChannel.electricity("grid", counter, new BigDecimal("1000"));
        counter.willFail(new IOException("GPIO17: counter device gone"));

        assertThatThrownBy(() -> grid.sample(T0, List.of(), Optional.empty())).isInstanceOf(IOException.class)
                .hasMessageContaining("GPIO17");
    }

    private static List<Instant> concat(List<Instant> list, Instant last) {
        List<Instant> all = new ArrayList<>(list);
        all.add(last);
        return all;
    }

    /** Returns the scripted totals (or failures) in order, one per read. */
    private static final class ScriptedCounter implements PulseCounter {
        private final Deque<Object> script = new ArrayDeque<>();

        void willRead(long total, Instant at) {
            script.add(new PulseCount(total, at));
        }

        void willFail(IOException e) {
            script.add(e);
        }

        @Override
        public PulseCount read() throws IOException {
            Object next = script.remove();
            if (next instanceof IOException e) {
                throw e;
            }
            return (PulseCount) next;
        }
    }
}

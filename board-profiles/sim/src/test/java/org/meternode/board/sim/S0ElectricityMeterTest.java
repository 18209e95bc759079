package org.meternode.board.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.meternode.board.sim.SimTesting.VIRTUAL_START;
import static org.meternode.board.sim.SimTesting.WALL_START;
import static org.meternode.board.sim.SimTesting.allMeters;
import static org.meternode.board.sim.SimTesting.open;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.PulseCount;
import org.meternode.hal.PulseCounter;
import org.meternode.hal.PulseInput;

class S0ElectricityMeterTest {
    private static final String PIN = "GPIO17";

    @TempDir
    Path stateDir;

    private final ManualWallTime wall = new ManualWallTime(WALL_START);
    private SimBoard board;

    @BeforeEach
    void openBoard() throws Exception {
        board = open(wall, stateDir, allMeters("speed", 3600));
    }

    @Test
    void pulses_are_monotonic_and_equal_floor_of_energy_times_pulses_per_kwh_over_a_week() {
        long previous = -1;
        Instant end = VIRTUAL_START.plus(Duration.ofDays(7));
        // A step that is not a divisor of a minute, so steps land everywhere inside minutes.
        for (Instant t = VIRTUAL_START; t.isBefore(end); t = t.plusMillis(37_123)) {
            long pulses = board.pulsesAt(PIN, t);
            assertThat(pulses).isGreaterThanOrEqualTo(previous)
                    .isEqualTo((long) Math.floor(board.energyKwhAt(PIN, t) * 1000));
            previous = pulses;
        }
        assertThat(board.pulsesAt(PIN, VIRTUAL_START)).isZero();
        assertThat(board.pulsesAt(PIN, VIRTUAL_START.minusSeconds(3600))).isZero();
    }

    @Test
    void energy_is_the_integral_of_power() {
        Instant t = VIRTUAL_START.plus(Duration.ofHours(19)).plusSeconds(20);
        double watts = board.wattsAt(PIN, t);
        double kwhOverTwentySeconds = board.energyKwhAt(PIN, t.plusSeconds(20)) - board.energyKwhAt(PIN, t);
        assertThat(kwhOverTwentySeconds).isCloseTo(watts * 20 / 3_600_000, offset(1e-9));
    }

    @Test
    void a_day_uses_a_believable_amount_of_energy_with_a_load_curve() {
        for (int day = 0; day < 7; day++) {
            Instant midnight = VIRTUAL_START.plus(Duration.ofDays(day));
            double kwh = board.energyKwhAt(PIN, midnight.plus(Duration.ofDays(1))) - board.energyKwhAt(PIN, midnight);
            assertThat(kwh).as("day %d", day).isBetween(5.0, 40.0);
            double night = board.wattsAt(PIN, midnight.plus(Duration.ofHours(3)));
            double evening = board.wattsAt(PIN, midnight.plus(Duration.ofHours(19).plusMinutes(30)));
            assertThat(night).isBetween(250 * 0.85, 250 * 1.2);
            assertThat(evening).isGreaterThan(2000);
        }
    }

    @Test
    void a_year_after_the_epoch_is_quick_to_compute() {
        Instant yearLater = VIRTUAL_START.plus(Duration.ofDays(365));
        long startNanos = System.nanoTime();
        long pulses = board.pulsesAt(PIN, yearLater);
        for (int i = 1; i <= 1000; i++) {
            assertThat(board.pulsesAt(PIN, yearLater.plusSeconds(i))).isGreaterThanOrEqualTo(pulses);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isLessThan(Duration.ofSeconds(3));
        assertThat(pulses / 1000.0 / 365).as("kWh per day over a year").isBetween(5.0, 40.0);
    }

    @Test
    void the_counter_reads_the_total_at_virtual_now_and_journals_it() throws Exception {
        PulseCounter counter = board.pulseCounter(new PulseInput("grid", PIN, Duration.ofMillis(20)));
        wall.advance(Duration.ofSeconds(8)); // 8 virtual hours at speed 3600
        PulseCount first = counter.read();
        wall.advance(Duration.ofSeconds(2));
        PulseCount second = counter.read();
        assertThat(first.at()).isEqualTo(VIRTUAL_START.plus(Duration.ofHours(8)));
        assertThat(first.total()).isEqualTo(board.pulsesAt(PIN, first.at())).isPositive();
        assertThat(second.total()).isGreaterThan(first.total());
        assertThat(board.journal()).containsExactly(
                new TruthRecord("grid", PIN, first.at(), "pulses", first.total()),
                new TruthRecord("grid", PIN, second.at(), "pulses", second.total()));
    }
}

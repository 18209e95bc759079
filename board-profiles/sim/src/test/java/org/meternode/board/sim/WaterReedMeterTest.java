package org.meternode.board.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.meternode.board.sim.SimTesting.VIRTUAL_START;
import static org.meternode.board.sim.SimTesting.WALL_START;
import static org.meternode.board.sim.SimTesting.allMeters;
import static org.meternode.board.sim.SimTesting.map;
import static org.meternode.board.sim.SimTesting.open;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WaterReedMeterTest {
    private static final String PIN = "GPIO27";

    @TempDir
    Path stateDir;

    private final ManualWallTime wall = new ManualWallTime(WALL_START);

    @Test
    void nights_are_mostly_dry_and_days_have_shower_bursts() throws Exception {
        try (SimBoard board = open(wall, stateDir, allMeters())) {
            int nightMinutes = 0;
            int dryNightMinutes = 0;
            int showers = 0;
            int run = 0;
            for (int minute = 0; minute < 7 * 1440; minute++) {
                Instant t = VIRTUAL_START.plus(Duration.ofMinutes(minute));
                double flow = board.litresAt(PIN, t.plusSeconds(60)) - board.litresAt(PIN, t);
                assertThat(flow).isCloseTo(board.litresPerMinuteAt(PIN, t), offset(1e-6));
                if (minute % 1440 < 5 * 60) {
                    nightMinutes++;
                    dryNightMinutes += flow == 0 ? 1 : 0;
                }
                run = flow >= 6 ? run + 1 : 0;
                showers += run == 4 ? 1 : 0; // a burst of >= 4 minutes at shower flow
            }
            assertThat((double) dryNightMinutes / nightMinutes).isGreaterThan(0.95);
            assertThat(showers).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void a_day_uses_a_household_amount_and_pulses_follow_litres_per_pulse() throws Exception {
        try (SimBoard board = open(wall, stateDir, map("start", VIRTUAL_START.toString(), "meters",
                map(PIN, map("type", "water-reed", "litres-per-pulse", 10))))) {
            for (int day = 0; day < 7; day++) {
                Instant midnight = VIRTUAL_START.plus(Duration.ofDays(day));
                double litres = board.litresAt(PIN, midnight.plus(Duration.ofDays(1))) - board.litresAt(PIN, midnight);
                assertThat(litres).as("day %d", day).isBetween(80.0, 800.0);
            }
            long previous = 0;
            for (Instant t = VIRTUAL_START; t.isBefore(VIRTUAL_START.plus(Duration.ofDays(2))); t = t.plusSeconds(17)) {
                long pulses = board.pulsesAt(PIN, t);
                assertThat(pulses).isGreaterThanOrEqualTo(previous)
                        .isEqualTo((long) Math.floor(board.litresAt(PIN, t) / 10));
                previous = pulses;
            }
            assertThat(previous).isPositive();
        }
    }
}

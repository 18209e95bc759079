package org.meternode.board.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.meternode.board.sim.SimTesting.VIRTUAL_START;
import static org.meternode.board.sim.SimTesting.WALL_START;
import static org.meternode.board.sim.SimTesting.allMeters;
import static org.meternode.board.sim.SimTesting.open;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterminismTest {
    @TempDir
    Path dirA;
    @TempDir
    Path dirB;
    @TempDir
    Path dirC;

    /** Everything observable about a board over two days, in one list. */
    private static List<Double> fingerprint(SimBoard board, ManualWallTime wall) throws Exception {
        List<Double> values = new ArrayList<>();
        for (int hour = 0; hour < 48; hour += 5) {
            Instant t = VIRTUAL_START.plus(Duration.ofHours(hour)).plusSeconds(7);
            values.add((double) board.pulsesAt("GPIO17", t));
            values.add(board.litresAt("GPIO27", t));
            values.add(board.trueAmpsRmsAt("A0", t));
        }
        wall.advance(Duration.ofHours(19));
        double[] volts = new double[86];
        board.analogChannel("mains", "A0").readVolts(volts);
        for (double v : volts) {
            values.add(v);
        }
        return values;
    }

    @Test
    void the_same_seed_gives_the_same_meters_and_another_seed_does_not() throws Exception {
        ManualWallTime wallA = new ManualWallTime(WALL_START);
        ManualWallTime wallB = new ManualWallTime(WALL_START);
        ManualWallTime wallC = new ManualWallTime(WALL_START);
        try (SimBoard a = open(wallA, dirA, allMeters("seed", 7));
                SimBoard b = open(wallB, dirB, allMeters("seed", 7));
                SimBoard c = open(wallC, dirC, allMeters("seed", 8))) {
            List<Double> fa = fingerprint(a, wallA);
            List<Double> fb = fingerprint(b, wallB);
            List<Double> fc = fingerprint(c, wallC);
            assertThat(fa).isEqualTo(fb);
            assertThat(fa).isNotEqualTo(fc);
            assertThat(a.pulsesAt("GPIO17", VIRTUAL_START.plus(Duration.ofDays(2))))
                    .isNotEqualTo(c.pulsesAt("GPIO17", VIRTUAL_START.plus(Duration.ofDays(2))));
            assertThat(a.litresAt("GPIO27", VIRTUAL_START.plus(Duration.ofDays(2))))
                    .isNotEqualTo(c.litresAt("GPIO27", VIRTUAL_START.plus(Duration.ofDays(2))));
        }
    }

    @Test
    void meters_on_different_pins_differ() throws Exception {
        ManualWallTime wall = new ManualWallTime(WALL_START);
        try (SimBoard board = open(wall, dirA, SimTesting.map("start", VIRTUAL_START.toString(), "meters",
                SimTesting.map("GPIO17", SimTesting.map("type", "s0-electricity"),
                        "GPIO18", SimTesting.map("type", "s0-electricity"))))) {
            Instant day = VIRTUAL_START.plus(Duration.ofDays(1));
            assertThat(board.energyKwhAt("GPIO17", day)).isNotEqualTo(board.energyKwhAt("GPIO18", day));
        }
    }
}

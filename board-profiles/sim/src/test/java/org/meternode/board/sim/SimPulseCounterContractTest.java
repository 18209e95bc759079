package org.meternode.board.sim;

import static org.meternode.board.sim.SimTesting.WALL_START;
import static org.meternode.board.sim.SimTesting.allMeters;
import static org.meternode.board.sim.SimTesting.open;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.PulseCounter;
import org.meternode.hal.PulseCounterContract;
import org.meternode.hal.PulseInput;

/** The pulse counter contract on the sim's S0 electricity meter: pulses come from advancing virtual time. */
class SimPulseCounterContractTest extends PulseCounterContract {
    private static final String PIN = "GPIO17";

    @TempDir
    Path stateDir;

    @Override
    protected Subject newSubject() throws Exception {
        ManualWallTime wall = new ManualWallTime(WALL_START);
        SimBoard board = open(wall, stateDir, allMeters());
        wall.advance(Duration.ofHours(18)); // evening load: a pulse every few seconds
        PulseCounter counter = board.pulseCounter(new PulseInput("grid", PIN, Duration.ofMillis(20)));
        return new Subject() {
            @Override
            public PulseCounter counter() {
                return counter;
            }

            /** Advances the clock until the ground truth made at least n pulses; returns the truth's delta. */
            @Override
            public long pulse(int n) {
                Instant start = board.clock().instant();
                long before = board.pulsesAt(PIN, start);
                long made = 0;
                for (int s = 0; s < 36_000 && made < n; s++) {
                    wall.advance(Duration.ofSeconds(1));
                    made = board.pulsesAt(PIN, board.clock().instant()) - before;
                }
                return made;
            }

            @Override
            public void close() {
                board.close();
            }
        };
    }
}

package org.meternode.board.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.meternode.board.sim.SimTesting.VIRTUAL_START;
import static org.meternode.board.sim.SimTesting.WALL_START;
import static org.meternode.board.sim.SimTesting.map;
import static org.meternode.board.sim.SimTesting.open;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.BoardException;
import org.meternode.hal.PowerMonitor;

class SimPowerMonitorTest {
    @TempDir
    Path stateDir;

    private final ManualWallTime wall = new ManualWallTime(WALL_START);

    private Map<String, Object> ina(Object... options) {
        Map<String, Object> meter = map("type", "ina219");
        meter.putAll(map(options));
        return map("start", VIRTUAL_START.toString(), "meters", map("ina219@0x41", meter, "GPIO5", map("type", "digital")));
    }

    @Test
    void the_dc_load_follows_the_daily_curve_and_is_read_through_the_driver() throws Exception {
        try (SimBoard board = open(wall, stateDir, ina("bus-volts", 12.6, "base-amps", 0.3, "peak-amps", 2.2))) {
            PowerMonitor monitor = board.powerMonitor("battery", "ina219@0x41", 0.1, 3.2);
            Instant night = board.clock().instant();
            PowerMonitor.Measurement m = monitor.read();
            assertThat(m.busVolts()).isCloseTo(12.6, offset(0.004));
            assertThat(m.amps()).isCloseTo(board.dcAmpsAt("ina219@0x41", night), offset(0.0003));
            wall.advance(Duration.ofHours(19).plusMinutes(30));
            Instant evening = board.clock().instant();
            PowerMonitor.Measurement peak = monitor.read();
            assertThat(board.dcWattsAt("ina219@0x41", evening)).isGreaterThan(3 * board.dcWattsAt("ina219@0x41", night));
            assertThat(peak.watts()).isCloseTo(board.dcWattsAt("ina219@0x41", evening), offset(0.02));
            assertThat(board.journal()).extracting(TruthRecord::kind).containsExactly("watts-true", "watts-true");
        }
    }

    @Test
    void open_errors_name_the_channel_and_the_input() throws Exception {
        try (SimBoard board = open(wall, stateDir, ina())) {
            assertThatThrownBy(() -> board.powerMonitor("battery", "ina219@0x44", 0.1, 3.2))
                    .isInstanceOf(BoardException.class)
                    .hasMessageStartingWith("channel 'battery': power monitor input 'ina219@0x44' has no simulated meter"
                            + " of type ina219 at board-options.meters (declared pins: ina219@0x41, GPIO5)");
            assertThatThrownBy(() -> board.powerMonitor("battery", "ina226@0x41", 0.1, 3.2))
                    .hasMessage("channel 'battery': power monitor input 'ina226@0x41' is not understood; use ina219@0x40"
                            + " (I2C address 0x40..0x4F)");
            assertThatThrownBy(() -> board.powerMonitor("battery", "ina219@0x41", 0.1, 10))
                    .hasMessageStartingWith("channel 'battery': power monitor input 'ina219@0x41': INA219: a shunt drop of"
                            + " 1.000 V exceeds the widest range");
            board.unplug("ina219@0x41");
            assertThatThrownBy(() -> board.powerMonitor("battery", "ina219@0x41", 0.1, 3.2))
                    .hasMessage("channel 'battery': power monitor input 'ina219@0x41' did not answer (INA219 at I2C 0x41:"
                            + " writing configuration and calibration failed: sim-i2c: no ACK from address 0x41 (chip"
                            + " absent, unpowered or on another address))");
        }
    }

    @Test
    void a_second_claim_and_a_closed_board_are_refused() throws Exception {
        try (SimBoard board = open(wall, stateDir, ina())) {
            PowerMonitor monitor = board.powerMonitor("battery", "ina219@0x41", 0.1, 3.2);
            assertThatThrownBy(() -> board.powerMonitor("solar", "ina219@0x41", 0.1, 3.2))
                    .hasMessageContaining("channel 'solar'").hasMessageContaining("channel 'battery'");
            board.close();
            assertThatThrownBy(monitor::read).hasMessage("channel 'battery': the sim board is closed");
        }
    }

    @Test
    void option_errors_name_the_key() {
        assertThatThrownBy(() -> open(wall, stateDir, ina("bus-volts", 40)))
                .isInstanceOf(BoardException.class)
                .hasMessage("board-options.meters.ina219@0x41.bus-volts: must be a number >= 0 and <= 26 (the INA219's pins stand"
                        + " 26 V), got 40");
        assertThatThrownBy(() -> open(wall, stateDir, ina("base-amps", 2, "peak-amps", 1)))
                .hasMessage("board-options.meters.ina219@0x41.peak-amps: must be >= base-amps (2.0), got 1.0");
        assertThatThrownBy(() -> open(wall, stateDir, map("meters", map("ina219@0x60", map("type", "ina219")))))
                .hasMessage("board-options.meters.ina219@0x60: power monitor input 'ina219@0x60': INA219 address must be"
                        + " 0x40..0x4F (A0/A1 straps)");
        assertThatThrownBy(() -> open(wall, stateDir, ina("peak-amps", 5)))
                .hasMessageStartingWith("board-options.meters.ina219@0x41.shunt-ohm: peak-amps 5.0");
    }
}

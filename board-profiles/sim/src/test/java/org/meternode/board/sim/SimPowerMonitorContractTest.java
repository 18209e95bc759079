package org.meternode.board.sim;

import static org.meternode.board.sim.SimTesting.VIRTUAL_START;
import static org.meternode.board.sim.SimTesting.WALL_START;
import static org.meternode.board.sim.SimTesting.map;
import static org.meternode.board.sim.SimTesting.open;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.meternode.hal.PowerMonitor;
import org.meternode.hal.PowerMonitorContract;
import org.meternode.hal.chip.Ina219;

/**
 * hal's PowerMonitorContract on the sim: an ina219 meter read by the hal Ina219 driver on the sim
 * I2C bus; the true load is the board's ground truth, changed by letting virtual hours pass.
 */
class SimPowerMonitorContractTest extends PowerMonitorContract {
    private static final double SHUNT_OHM = 0.1;
    private static final double MAX_AMPS = 3.2;
    private final List<SimBoard> boards = new ArrayList<>();

    @Override
    protected Subject newSubject() throws Exception {
        ManualWallTime wall = new ManualWallTime(WALL_START);
        SimBoard board = open(wall, Files.createTempDirectory("sim-board"), map("start", VIRTUAL_START.toString(),
                "meters", map("ina219@0x40", map("type", "ina219", "bus-volts", 12.6, "base-amps", 0.2,
                        "peak-amps", 2.0))));
        boards.add(board);
        PowerMonitor monitor = board.powerMonitor("battery", "ina219@0x40", SHUNT_OHM, MAX_AMPS);
        double lsb = Ina219.Calibration.forMaxExpectedCurrent(SHUNT_OHM, MAX_AMPS).effectiveCurrentLsbAmps();
        return new Subject(monitor, () -> {
            Instant t = board.clock().instant();
            return new PowerMonitor.Measurement(board.dcBusVoltsAt("ina219@0x40", t), board.dcAmpsAt("ina219@0x40", t),
                    board.dcWattsAt("ina219@0x40", t));
        }, () -> wall.advance(Duration.ofHours(7).plusMinutes(13)), 0.004, 2 * Math.max(lsb, 10e-6 / SHUNT_OHM),
                20 * lsb, () -> board.unplug("ina219@0x40"));
    }

    @AfterEach
    void closeBoards() {
        boards.forEach(SimBoard::close);
    }
}

package org.meternode.board.pi;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.meternode.hal.PowerMonitor.Measurement;
import org.meternode.hal.PowerMonitorContract;
import org.meternode.hal.chip.Ina219;

/** hal's PowerMonitorContract against the board's INA219: driver on Pi4jI2cBus on Pi4J on the register model. */
class PiPowerMonitorContractTest extends PowerMonitorContract {
    private static final double SHUNT_OHM = 0.1;
    private static final double MAX_AMPS = 3.2;
    private static final double[][] LOADS = {{5.1, 0.42}, {12.4, 2.7}, {3.3, 0.05}, {24.5, 1.3}};
    private final List<ChipBoard> boards = new ArrayList<>();

    @Override
    protected Subject newSubject() throws Exception {
        ChipBoard chips = new ChipBoard(Files.createTempDirectory("pi-board"));
        boards.add(chips);
        int[] load = {0};
        Runnable apply = () -> chips.ina219.setBusVolts(LOADS[load[0]][0]).setShuntVolts(LOADS[load[0]][1] * SHUNT_OHM);
        apply.run();
        double lsb = Ina219.Calibration.forMaxExpectedCurrent(SHUNT_OHM, MAX_AMPS).effectiveCurrentLsbAmps();
        return new Subject(chips.board.powerMonitor("battery", "ina219@0x40", SHUNT_OHM, MAX_AMPS),
                () -> new Measurement(LOADS[load[0]][0], LOADS[load[0]][1], LOADS[load[0]][0] * LOADS[load[0]][1]),
                () -> {
                    load[0] = (load[0] + 1) % LOADS.length;
                    apply.run();
                },
                0.004, 2 * Math.max(lsb, 10e-6 / SHUNT_OHM), 20 * lsb, () -> chips.i2c.detach(0x40));
    }

    @AfterEach
    void closeBoards() {
        boards.forEach(ChipBoard::close);
    }
}

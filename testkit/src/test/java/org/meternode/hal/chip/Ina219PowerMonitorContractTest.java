package org.meternode.hal.chip;

import org.meternode.hal.PowerMonitor.Measurement;
import org.meternode.hal.PowerMonitorContract;
import org.meternode.hal.bus.fake.FakeI2cBus;
import org.meternode.hal.chip.model.Ina219Model;

/** The INA219 driver on its register model, as a PowerMonitor: 0.1 Ω shunt, up to 3.2 A. */
class Ina219PowerMonitorContractTest extends PowerMonitorContract {
    private static final double SHUNT_OHM = 0.1;
    private static final double MAX_AMPS = 3.2;
    private static final double[][] LOADS = {{12.6, 0.8}, {12.1, 2.9}, {5.02, 0.15}, {24.0, 1.7}, {11.9, -0.6}};

    @Override
    protected Subject newSubject() {
        FakeI2cBus bus = new FakeI2cBus("i2c-1");
        Ina219Model chip = bus.attach(0x40, new Ina219Model());
        Ina219 ina = new Ina219(bus, 0x40, SHUNT_OHM, MAX_AMPS);
        int[] load = {0};
        Runnable apply = () -> chip.setBusVolts(LOADS[load[0]][0]).setShuntVolts(LOADS[load[0]][1] * SHUNT_OHM);
        apply.run();
        double lsb = ina.calibration().effectiveCurrentLsbAmps();
        return new Subject(ina.monitor(),
                () -> new Measurement(LOADS[load[0]][0], LOADS[load[0]][1], LOADS[load[0]][0] * Math.abs(LOADS[load[0]][1])),
                () -> {
                    load[0] = (load[0] + 1) % LOADS.length;
                    apply.run();
                },
                0.004, Math.max(lsb, 10e-6 / SHUNT_OHM) * 2, 20 * lsb, () -> bus.detach(0x40));
    }
}

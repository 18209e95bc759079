package org.meternode.hal;

import java.io.IOException;

/**
 * A DC power monitor on a shunt (INA219 class, or the kernel's ina2xx IIO driver): bus voltage,
 * current and power at one instant. Boards hand one out for inputs like {@code ina219@0x40}.
 */
public interface PowerMonitor {
    /** One measurement; a device that does not answer is an IOException naming it. */
    Measurement read() throws IOException;

    /**
     * @param busVolts voltage on the load side of the shunt, to ground
     * @param amps     current through the shunt, positive towards the load
     * @param watts    power into the load
     */
    record Measurement(double busVolts, double amps, double watts) {
    }
}

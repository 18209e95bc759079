package org.meternode.board.sim;

import java.io.IOException;
import java.time.Instant;
import org.meternode.hal.PowerMonitor;
import org.meternode.hal.chip.model.Ina219Model;

/**
 * A simulated INA219 power monitor: the hal {@code Ina219} driver on the sim I2C bus reads the
 * chip's register model, whose shunt and bus voltages are set from the meter's load at the virtual
 * time of each read (the chip converts continuously, so a read sees the present load).
 */
final class SimPowerMonitor implements PowerMonitor {
    private final String channel;
    private final String pin;
    private final Ina219Meter meter;
    private final Ina219Model model;
    private final PowerMonitor driver;
    private final SimBoard board;

    SimPowerMonitor(String channel, String pin, Ina219Meter meter, Ina219Model model, PowerMonitor driver,
            SimBoard board) {
        this.channel = channel;
        this.pin = pin;
        this.meter = meter;
        this.model = model;
        this.driver = driver;
        this.board = board;
    }

    @Override
    public synchronized Measurement read() throws IOException {
        board.ensureOpen(channel);
        Instant t = board.clock().instant();
        model.setBusVolts(meter.busVoltsAt(t)).setShuntVolts(meter.ampsAt(t) * meter.spec().shuntOhm());
        board.record(new TruthRecord(channel, pin, t, TruthRecord.WATTS_TRUE, meter.wattsAt(t)));
        return driver.read();
    }

    @Override
    public String toString() {
        return "sim " + pin + " via " + driver;
    }
}

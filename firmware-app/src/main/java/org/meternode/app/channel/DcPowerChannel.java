package org.meternode.app.channel;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.meternode.app.outbox.CounterState;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.Reading;
import org.meternode.app.reading.ReadingStream;
import org.meternode.hal.PowerMonitor;

/**
 * A DC circuit through a shunt power monitor (INA219 on I2C, or the kernel's ina2xx driver): bus
 * voltage, current and power at each interval end, and the energy drawn (kWh) integrated from them.
 */
public final class DcPowerChannel implements Channel {
    private static final ReadingStream VOLTAGE = ReadingStream.of(Quantity.VOLTAGE);
    private static final ReadingStream CURRENT = ReadingStream.of(Quantity.CURRENT);
    private static final ReadingStream POWER = ReadingStream.of(Quantity.POWER);
    private static final ReadingStream ENERGY = ReadingStream.of(Quantity.ENERGY);

    private final String id;
    private final PowerMonitor monitor;
    private final EnergyIntegral energy;

    public DcPowerChannel(String id, PowerMonitor monitor) {
        this.id = id;
        this.monitor = monitor;
        this.energy = new EnergyIntegral(id, ENERGY);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<ReadingStream> streams() {
        return List.of(VOLTAGE, CURRENT, POWER, ENERGY);
    }

    @Override
    public Sample sample(Instant intervalEnd, List<Instant> missed, Optional<CounterState> previous)
            throws IOException {
        energy.sampling(intervalEnd);
        PowerMonitor.Measurement m = monitor.read();
        List<Reading> out = new ArrayList<>();
        out.add(VOLTAGE.measured(id, intervalEnd, m.busVolts(), 3));
        out.add(CURRENT.measured(id, intervalEnd, m.amps(), 4));
        out.add(POWER.measured(id, intervalEnd, m.watts(), 3));
        EnergyIntegral.Step step = energy.advance(previous, missed, intervalEnd, m.watts(), 1.0);
        out.addAll(step.readings());
        return new Sample(out, Optional.of(step.state()));
    }
}

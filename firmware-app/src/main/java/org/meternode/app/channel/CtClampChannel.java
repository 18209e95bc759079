package org.meternode.app.channel;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.meternode.app.outbox.CounterState;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.Reading;
import org.meternode.app.reading.ReadingStream;
import org.meternode.hal.sensor.AcPower;
import org.meternode.hal.sensor.CtClamp;

/**
 * A mains CT clamp on an ADC input, in one of three set-ups:
 * <ul>
 *   <li>clamp only: RMS current ({@code <id>.current});</li>
 *   <li>with a nominal voltage: also apparent power (VA = Irms x volts) and apparent energy (kVAh);</li>
 *   <li>with a voltage reference (an AC-AC adapter on a second ADC input): current, mains voltage,
 *       real power (W), apparent power (VA) and energy (kWh).</li>
 * </ul>
 * Energy is integrated from the power at each interval end (see {@link EnergyIntegral}).
 */
public final class CtClampChannel implements Channel {
    private static final ReadingStream CURRENT = ReadingStream.of(Quantity.CURRENT);
    private static final ReadingStream VOLTAGE = ReadingStream.of(Quantity.VOLTAGE);
    private static final ReadingStream POWER = ReadingStream.of(Quantity.POWER);
    private static final ReadingStream APPARENT_POWER = ReadingStream.of(Quantity.APPARENT_POWER);
    private static final ReadingStream ENERGY = ReadingStream.of(Quantity.ENERGY);
    private static final ReadingStream APPARENT_ENERGY = ReadingStream.of(Quantity.APPARENT_ENERGY);

    private final String id;
    private final OptionalDouble volts;
    private final Optional<CtClamp.VoltageReference> reference;
    private final EnergyIntegral energy;
    private volatile CtClamp clamp;

    public CtClampChannel(String id, CtClamp clamp) {
        this(id, clamp, OptionalDouble.empty(), Optional.empty());
    }

    /**
     * @param volts     nominal mains voltage: the channel also reports apparent power and energy
     * @param reference measured mains voltage: the channel reports real power and energy (wins over volts)
     */
    public CtClampChannel(String id, CtClamp clamp, OptionalDouble volts, Optional<CtClamp.VoltageReference> reference) {
        this.id = id;
        this.clamp = clamp;
        this.volts = volts;
        this.reference = reference;
        this.energy = new EnergyIntegral(id, reference.isPresent() ? ENERGY : APPARENT_ENERGY);
    }

    /**
     * Applies a new current multiplier from the next sample on; the energy so far is kept (see
     * {@link EnergyIntegral}).
     */
    public void recalibrate(double calibration) {
        clamp = clamp.withCalibration(calibration);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<ReadingStream> streams() {
        if (reference.isPresent()) {
            return List.of(CURRENT, VOLTAGE, POWER, APPARENT_POWER, ENERGY);
        }
        return volts.isPresent() ? List.of(CURRENT, APPARENT_POWER, APPARENT_ENERGY) : List.of(CURRENT);
    }

    /**
     * Current, voltage and power are instantaneous: intervals the node missed get no reading of
     * them; the energy stream interpolates them.
     */
    @Override
    public Sample sample(Instant intervalEnd, List<Instant> missed, Optional<CounterState> previous)
            throws IOException {
        List<Reading> out = new ArrayList<>();
        energy.sampling(intervalEnd);
        CtClamp clamp = this.clamp; // one calibration for the measurement and its energy
        if (reference.isPresent()) {
            AcPower p = clamp.measureWith(reference.get());
            out.add(CURRENT.measured(id, intervalEnd, p.ampsRms(), 3));
            out.add(VOLTAGE.measured(id, intervalEnd, p.voltsRms(), 1));
            out.add(POWER.measured(id, intervalEnd, p.realWatts(), 1));
            out.add(APPARENT_POWER.measured(id, intervalEnd, p.apparentVa(), 1));
            return integrate(out, previous, missed, intervalEnd, p.realWatts(), clamp.calibration());
        }
        double ampsRms = clamp.measureAmpsRms();
        out.add(CURRENT.measured(id, intervalEnd, ampsRms, 3));
        if (volts.isEmpty()) {
            return new Sample(out, Optional.empty());
        }
        double va = CtClamp.apparentPowerVa(ampsRms, volts.getAsDouble());
        out.add(APPARENT_POWER.measured(id, intervalEnd, va, 1));
        return integrate(out, previous, missed, intervalEnd, va, clamp.calibration());
    }

    private Sample integrate(List<Reading> out, Optional<CounterState> previous, List<Instant> missed, Instant end,
            double power, double calibration) {
        EnergyIntegral.Step step = energy.advance(previous, missed, end, power, calibration);
        out.addAll(step.readings());
        return new Sample(out, Optional.of(step.state()));
    }
}

package org.meternode.board.sim;

import java.time.Instant;

/**
 * An S0 electricity meter: power follows {@link HouseholdLoad} in watts (constant per minute),
 * energy is its exact integral since the sim epoch, pulses = floor(kWh * pulses-per-kWh).
 */
final class S0ElectricityMeter implements PulseMeter {
    private static final double WATT_MINUTES_PER_KWH = 60_000;

    private final MeterSpec.S0Electricity spec;
    private final HouseholdLoad watts;
    private final MinuteIntegral kwh;

    S0ElectricityMeter(MeterSpec.S0Electricity spec, SeededNoise noise, Instant epoch) {
        this.spec = spec;
        this.watts = new HouseholdLoad(spec.baseWatts(), spec.peakWatts(), spec.noise(), noise);
        this.kwh = new MinuteIntegral(epoch, minute -> watts.inMinute(minute) / WATT_MINUTES_PER_KWH);
    }

    double wattsAt(Instant t) {
        return watts.inMinute(MinuteIntegral.minuteOf(t));
    }

    double energyKwhAt(Instant t) {
        return kwh.at(t);
    }

    @Override
    public long pulsesAt(Instant t) {
        return (long) Math.floor(energyKwhAt(t) * spec.pulsesPerKwh());
    }
}

package org.meternode.board.sim;

import java.time.Instant;

/**
 * A DC load behind an INA219: the supply holds {@code bus-volts}, the current follows the daily
 * load curve in amps (constant per minute, like {@link HouseholdLoad} for the other meters).
 */
final class Ina219Meter {
    private final MeterSpec.Ina219 spec;
    private final HouseholdLoad amps;

    Ina219Meter(MeterSpec.Ina219 spec, SeededNoise noise) {
        this.spec = spec;
        this.amps = new HouseholdLoad(spec.baseAmps(), spec.peakAmps(), spec.noise(), noise);
    }

    MeterSpec.Ina219 spec() {
        return spec;
    }

    double busVoltsAt(Instant t) {
        return spec.busVolts();
    }

    double ampsAt(Instant t) {
        return amps.inMinute(MinuteIntegral.minuteOf(t));
    }

    double wattsAt(Instant t) {
        return busVoltsAt(t) * ampsAt(t);
    }
}

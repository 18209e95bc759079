package org.meternode.board.sim;

/**
 * A household's load per UTC minute, in whatever unit base and peak are given (watts, amps):
 * base + (peak - base) * daily curve * a per-day factor (0.85..1.15), times (1 + noise * u) with u
 * uniform in [-1, 1) per minute. Constant within a minute.
 */
final class HouseholdLoad {
    private static final long DAY_STREAM = 1;
    private static final long MINUTE_STREAM = 2;

    private final double base;
    private final double peak;
    private final double noiseFraction;
    private final SeededNoise noise;

    HouseholdLoad(double base, double peak, double noiseFraction, SeededNoise noise) {
        this.base = base;
        this.peak = peak;
        this.noiseFraction = noiseFraction;
        this.noise = noise;
    }

    /** The load during UTC minute {@code minute} (minutes since 1970); never negative. */
    double inMinute(long minute) {
        double dayFactor = 0.85 + 0.3 * noise.unit(DAY_STREAM, Math.floorDiv(minute, 1440));
        double curve = base + (peak - base) * DailyLoadCurve.shape(DailyLoadCurve.hourAtMiddleOf(minute)) * dayFactor;
        return Math.max(0, curve * (1 + noiseFraction * noise.signed(MINUTE_STREAM, minute)));
    }
}

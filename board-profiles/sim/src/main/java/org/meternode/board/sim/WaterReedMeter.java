package org.meternode.board.sim;

import java.time.Instant;

/**
 * A household water meter with a reed contact. Each UTC minute may start one draw, chosen by a
 * seeded hash with chances that depend on the hour: showers (~8 L/min for 4-11 minutes), taps
 * (1-6 L in a minute), toilet flushes (6-9 L). Almost nothing at night. Flow is constant within a
 * minute; litres are its exact integral since the sim epoch.
 */
final class WaterReedMeter implements PulseMeter {
    private static final int LONGEST_DRAW_MINUTES = 11;
    private static final long START_STREAM = 11;
    private static final long LENGTH_STREAM = 12;
    private static final long FLOW_STREAM = 13;

    private final MeterSpec.WaterReed spec;
    private final SeededNoise noise;
    private final MinuteIntegral litres;

    /** Chance per minute that a draw of each kind starts. */
    private record Chances(double shower, double tap, double flush) {
    }

    private record Draw(int minutes, double litresPerMinute) {
    }

    WaterReedMeter(MeterSpec.WaterReed spec, SeededNoise noise, Instant epoch) {
        this.spec = spec;
        this.noise = noise;
        this.litres = new MinuteIntegral(epoch, this::litresPerMinute);
    }

    double litresAt(Instant t) {
        return litres.at(t);
    }

    double litresPerMinuteAt(Instant t) {
        return litresPerMinute(MinuteIntegral.minuteOf(t));
    }

    @Override
    public long pulsesAt(Instant t) {
        return (long) Math.floor(litresAt(t) / spec.litresPerPulse());
    }

    /** Flow during UTC minute {@code minute}: every draw still running then, summed. */
    private double litresPerMinute(long minute) {
        double flow = 0;
        for (int age = 0; age < LONGEST_DRAW_MINUTES; age++) {
            Draw draw = drawStartingAt(minute - age);
            if (draw != null && draw.minutes() > age) {
                flow += draw.litresPerMinute();
            }
        }
        return flow;
    }

    private Draw drawStartingAt(long minute) {
        Chances chances = chancesAt((int) DailyLoadCurve.hourAtMiddleOf(minute));
        double u = noise.unit(START_STREAM, minute);
        if (u >= chances.shower() + chances.tap() + chances.flush()) {
            return null;
        }
        double size = noise.unit(LENGTH_STREAM, minute);
        double flow = noise.unit(FLOW_STREAM, minute);
        if (u < chances.shower()) {
            return new Draw(4 + (int) (size * 8), 7.5 + 1.5 * flow);
        }
        if (u < chances.shower() + chances.tap()) {
            return new Draw(1, 1 + 5 * flow);
        }
        return new Draw(1, 6 + 3 * flow);
    }

    private static Chances chancesAt(int hour) {
        if (hour < 6) {
            return new Chances(0, 0.001, 0.002);
        }
        if (hour < 9) {
            return new Chances(0.012, 0.03, 0.015);
        }
        if (hour < 17) {
            return new Chances(0.0005, 0.01, 0.005);
        }
        if (hour < 22) {
            return new Chances(0.004, 0.03, 0.01);
        }
        return new Chances(0.002, 0.01, 0.008);
    }
}

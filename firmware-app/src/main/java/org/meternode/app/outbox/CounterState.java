package org.meternode.app.outbox;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * What the node remembers of one counting channel between intervals and across restarts. For a
 * pulse channel: the board counter, the pulses of its earlier lives, and the pulse constant the
 * totals are computed with. For a channel that integrates measured power into energy: the last
 * power in mW, the energy so far in mWh and the calibration the power was measured with.
 *
 * @param rawTotal the board counter's total at the last reading (power channels: last power, mW)
 * @param base     pulses carried over from earlier counter lives (resets, wraps); total = base + raw
 *                 (power channels: energy so far, mWh)
 * @param at       when rawTotal was read
 * @param scale    the constant in force and where it took over; null in states stored before
 *                 constants were kept (read as "the configured constant, from zero")
 */
public record CounterState(long rawTotal, long base, Instant at, Scale scale) {
    public CounterState(long rawTotal, long base, Instant at) {
        this(rawTotal, base, at, null);
    }

    public long total() {
        return base + rawTotal;
    }

    /** The same counts under another scale. */
    public CounterState withScale(Scale next) {
        return new CounterState(rawTotal, base, at, next);
    }

    /**
     * A pulse constant (or calibration) and the point where it took over, so a remote change of the
     * constant rebases the total there instead of rewriting history: value = {@code value} +
     * (total - {@code total}) converted with {@code factor}.
     *
     * @param factor the constant (pulses per kWh, litres per pulse, or a CT calibration)
     * @param total  the pulse total when this constant took over (0 for the first)
     * @param value  the reported total (kWh, m3) at that point
     */
    public record Scale(BigDecimal factor, long total, BigDecimal value) {
        public Scale {
            Objects.requireNonNull(factor, "factor");
            Objects.requireNonNull(value, "value");
        }

        /** A constant in force from the first pulse on. */
        public static Scale from(BigDecimal factor) {
            return new Scale(factor, 0, BigDecimal.ZERO);
        }

        /** Whether {@code other} is the same constant (numerically: 1000 and 1000.0 are). */
        public boolean sameFactor(BigDecimal other) {
            return factor.compareTo(other) == 0;
        }
    }
}

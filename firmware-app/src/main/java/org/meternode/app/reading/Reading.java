package org.meternode.app.reading;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One value of one channel at the end of one sampling interval. The value is kept exact as an
 * integer mantissa and a decimal exponent ({@code value = mantissa * 10^exponent}); doubles appear
 * only at the SenML edge.
 *
 * @param channel  reading stream name, e.g. {@code grid.energy}
 * @param at       interval end (aligned)
 * @param mantissa integer part of the value
 * @param exponent decimal exponent
 * @param unit     SenML unit text (kWh, W, m3, A)
 * @param quality  how the value was obtained
 */
public record Reading(String channel, Instant at, long mantissa, int exponent, String unit, Quality quality) {
    public Reading {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(quality, "quality");
    }

    /** Builds a reading from a decimal, keeping its exact digits. */
    public static Reading of(String channel, Instant at, BigDecimal value, String unit, Quality quality) {
        BigDecimal v = value.stripTrailingZeros();
        if (v.scale() < 0) {
            v = v.setScale(0);
        }
        return new Reading(channel, at, v.unscaledValue().longValueExact(), -v.scale(), unit, quality);
    }

    public BigDecimal value() {
        return BigDecimal.valueOf(mantissa, -exponent);
    }

    public double doubleValue() {
        return value().doubleValue();
    }

    /** How a reading's value was obtained. */
    public enum Quality {
        /** Measured at the interval end. */
        GOOD,
        /** Interpolated for an interval end the node missed (it was off or asleep past the boundary). */
        INTERPOLATED,
        /** The sensor failed; the value is not meaningful. */
        FAULT
    }
}

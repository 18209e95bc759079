package org.meternode.app.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * A pulse-output meter: an S0 electricity meter or a water meter's reed contact. Exactly one of
 * the two factors is set, and {@code medium} says which.
 *
 * @param id             channel id
 * @param input          board pin name
 * @param debounce       pulses closer than this are one pulse
 * @param medium         what is metered
 * @param pulsesPerKwh   electricity: pulses per kWh; null for water
 * @param litresPerPulse water: litres per pulse; null for electricity
 */
public record PulseChannelConfig(String id, String input, Duration debounce, Medium medium,
                                 BigDecimal pulsesPerKwh, BigDecimal litresPerPulse) implements ChannelConfig {
    /** What a pulse meter measures. */
    public enum Medium { ELECTRICITY, WATER }

    public PulseChannelConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(debounce, "debounce");
        Objects.requireNonNull(medium, "medium");
        boolean ownFactorOnly = switch (medium) {
            case ELECTRICITY -> pulsesPerKwh != null && litresPerPulse == null;
            case WATER -> litresPerPulse != null && pulsesPerKwh == null;
        };
        if (!ownFactorOnly) {
            throw new IllegalArgumentException("channel '" + id + "': " + medium + " needs its own factor and only that");
        }
    }

    @Override
    public String type() {
        return org.meternode.app.channel.PulseType.NAME;
    }
}

package org.meternode.app.config;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A current transformer clamp on a mains conductor, read through an ADC across a burden resistor.
 *
 * @param id            channel id
 * @param input         ADC input name
 * @param primaryAmps   rated primary current (the "100A" of "100A:50mA")
 * @param secondaryAmps secondary current at rated primary (the "50mA")
 * @param burdenOhm     burden resistor across the secondary
 * @param volts         nominal mains voltage, if set the channel also reports apparent power
 * @param mainsHz       50 or 60
 * @param cycles        whole mains cycles sampled per measurement
 * @param calibration   multiplier applied to the measured current
 * @param voltage       the measured mains voltage, if wired: then the channel reports real power
 */
public record CtClampChannelConfig(String id, String input, double primaryAmps, double secondaryAmps,
                                   double burdenOhm, OptionalDouble volts, int mainsHz, int cycles,
                                   double calibration, Optional<VoltageInput> voltage) implements ChannelConfig {
    public CtClampChannelConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(volts, "volts");
        Objects.requireNonNull(voltage, "voltage");
    }

    /** A clamp without a voltage reference. */
    public CtClampChannelConfig(String id, String input, double primaryAmps, double secondaryAmps, double burdenOhm,
            OptionalDouble volts, int mainsHz, int cycles, double calibration) {
        this(id, input, primaryAmps, secondaryAmps, burdenOhm, volts, mainsHz, cycles, calibration, Optional.empty());
    }

    /**
     * An AC-AC adapter's voltage, divided down to an ADC input, as the mains voltage reference.
     *
     * @param input        ADC input name
     * @param voltsPerVolt mains volts per volt at that input
     */
    public record VoltageInput(String input, double voltsPerVolt) {
        public VoltageInput {
            Objects.requireNonNull(input, "input");
        }
    }

    /**
     * A current transformer's rating as written on it, {@code 100A:50mA}: this primary current
     * gives that secondary current.
     *
     * @param primaryAmps   rated primary current in amperes
     * @param secondaryAmps secondary current at rated primary, in amperes
     */
    public record Ratio(double primaryAmps, double secondaryAmps) {
        private static final Pattern FORM =
                Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(A|mA)\\s*:\\s*(\\d+(?:\\.\\d+)?)\\s*(A|mA)\\s*");

        /**
         * Parses {@code <number><A|mA>:<number><A|mA>}.
         *
         * @throws IllegalArgumentException with a message fit for the user
         */
        public static Ratio parse(String text) {
            Matcher m = FORM.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException("must be primary:secondary current with units A or mA, e.g. \"100A:50mA\"");
            }
            double primary = amps(m.group(1), m.group(2));
            double secondary = amps(m.group(3), m.group(4));
            if (primary <= 0 || secondary <= 0) {
                throw new IllegalArgumentException("both currents must be more than 0");
            }
            if (secondary >= primary) {
                throw new IllegalArgumentException("the primary current must be larger than the secondary");
            }
            return new Ratio(primary, secondary);
        }

        private static double amps(String number, String unit) {
            BigDecimal value = new BigDecimal(number);
            return (unit.equals("mA") ? value.movePointLeft(3) : value).doubleValue();
        }

        /** The rating as {@link #parse} reads it, in the units that keep the numbers whole where possible. */
        @Override
        public String toString() {
            return text(primaryAmps) + ":" + text(secondaryAmps);
        }

        private static String text(double amps) {
            BigDecimal a = BigDecimal.valueOf(amps);
            return a.compareTo(BigDecimal.ONE) >= 0 || a.signum() == 0
                    ? a.stripTrailingZeros().toPlainString() + "A"
                    : a.movePointRight(3).stripTrailingZeros().toPlainString() + "mA";
        }
    }

    @Override
    public String type() {
        return org.meternode.app.channel.CtClampType.NAME;
    }
}

package org.meternode.app.reading;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * Converts a meter's value in the unit it sent (after its scaler) into the unit meternode reports a
 * quantity in: Wh to kWh, kW to W, l to m3, J to kWh. A unit that is not one of the quantity's is no
 * conversion at all, so a channel reports a fault rather than a wrong number.
 */
public final class Units {
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    private static final BigDecimal JOULES_PER_KWH = BigDecimal.valueOf(3_600_000);

    /** Per quantity: the units meters write, and the factor to multiply (positive) or divide (negative flag) by. */
    private static final Map<Quantity, Map<String, Factor>> FACTORS = Map.of(
            Quantity.ENERGY, Map.ofEntries(
                    Map.entry("kWh", Factor.times(BigDecimal.ONE)), Map.entry("KWh", Factor.times(BigDecimal.ONE)),
                    Map.entry("kwh", Factor.times(BigDecimal.ONE)), Map.entry("KWH", Factor.times(BigDecimal.ONE)),
                    Map.entry("Wh", Factor.dividedBy(THOUSAND)), Map.entry("MWh", Factor.times(THOUSAND)),
                    Map.entry("J", Factor.dividedBy(JOULES_PER_KWH)), Map.entry("kJ", Factor.dividedBy(BigDecimal.valueOf(3600))),
                    Map.entry("MJ", Factor.dividedBy(new BigDecimal("3.6"))),
                    Map.entry("GJ", Factor.times(BigDecimal.valueOf(1_000_000_000L).divide(JOULES_PER_KWH,
                            20, java.math.RoundingMode.HALF_EVEN)))),
            Quantity.POWER, Map.of(
                    "W", Factor.times(BigDecimal.ONE), "kW", Factor.times(THOUSAND), "KW", Factor.times(THOUSAND),
                    "kw", Factor.times(THOUSAND), "MW", Factor.times(MILLION), "J/h", Factor.dividedBy(BigDecimal.valueOf(3600))),
            Quantity.VOLUME, Map.of(
                    "m3", Factor.times(BigDecimal.ONE), "m\u00b3", Factor.times(BigDecimal.ONE),
                    "l", Factor.dividedBy(THOUSAND), "L", Factor.dividedBy(THOUSAND), "dm3", Factor.dividedBy(THOUSAND)),
            Quantity.CURRENT, Map.of("A", Factor.times(BigDecimal.ONE), "mA", Factor.dividedBy(THOUSAND)),
            Quantity.VOLTAGE, Map.of("V", Factor.times(BigDecimal.ONE), "kV", Factor.times(THOUSAND),
                    "mV", Factor.dividedBy(THOUSAND)));

    private record Factor(BigDecimal factor, boolean divide) {
        static Factor times(BigDecimal f) {
            return new Factor(f, false);
        }

        static Factor dividedBy(BigDecimal f) {
            return new Factor(f, true);
        }

        BigDecimal apply(BigDecimal value) {
            if (!divide) {
                return value.multiply(factor);
            }
            try {
                return value.divide(factor); // exact where the quotient terminates (Wh / 1000)
            } catch (ArithmeticException endless) {
                return value.divide(factor, java.math.MathContext.DECIMAL64);
            }
        }
    }

    private Units() {
    }

    /** {@code value} in {@code unit} as {@code quantity}'s unit; empty when the unit is not one of the quantity's. */
    public static Optional<BigDecimal> convert(BigDecimal value, String unit, Quantity quantity) {
        Factor factor = FACTORS.getOrDefault(quantity, Map.of()).get(unit == null ? "" : unit.strip());
        return factor == null ? Optional.empty() : Optional.of(factor.apply(value));
    }
}

package org.meternode.hal.meter.iec62056;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * One data set of an IEC 62056-21 data block: {@code address(value*unit)}. A line may carry several
 * values for one address, {@code 1-0:0.2.1*1(121120??)(x)}; each becomes a data set with that address.
 */
public record Iec62056DataSet(String address, String value, String unit) {
    /** The value as an exact decimal, when it is one ({@code 000123.45}, {@code -000115.94}). */
    public Optional<BigDecimal> number() {
        if (!value.matches("[-+]?\\d+(\\.\\d+)?")) {
            return Optional.empty();
        }
        return Optional.of(new BigDecimal(value.startsWith("+") ? value.substring(1) : value));
    }
}

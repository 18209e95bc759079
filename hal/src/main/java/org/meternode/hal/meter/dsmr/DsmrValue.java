package org.meternode.hal.meter.dsmr;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * A numeric P1 value exactly as printed ({@code 001234.567*kWh} is 1234.567 with scale 3, never a
 * double), its unit ("" when the meter prints none) and, for M-Bus sub-meters and e-MUCS peak
 * demand, the meter's own capture time.
 */
public record DsmrValue(BigDecimal value, String unit, Optional<OffsetDateTime> timestamp) {
    public DsmrValue {
        if (value == null || unit == null || timestamp == null) {
            throw new IllegalArgumentException("value, unit and timestamp must be given");
        }
    }
}

package org.meternode.hal.meter.sml;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A numeric entry of an SML list (SML_ListEntry): the OBIS code of its object name, the value with
 * its scaler applied exactly, and the unit; also the raw integer and the scaler as sent.
 *
 * @param obis A-B:C.D.E*F, e.g. {@code 1-0:1.8.0*255}
 * @param unit the unit symbol, empty when the entry has no unit
 */
public record SmlEntry(String obis, BigDecimal value, String unit, BigInteger raw, int scaler) {
}

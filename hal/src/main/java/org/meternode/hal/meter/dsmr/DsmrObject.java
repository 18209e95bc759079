package org.meternode.hal.meter.dsmr;

import java.util.List;
import java.util.Optional;

/**
 * One COSEM object line of a P1 telegram: the OBIS code as written, the text of each parenthesised
 * value in order (line breaks inside a value removed), the typed value where the code is numeric, and
 * the byte offset of the line in the telegram.
 */
public record DsmrObject(String obis, List<String> rawValues, Optional<DsmrValue> value, int offset) {
    public DsmrObject {
        rawValues = List.copyOf(rawValues);
    }
}

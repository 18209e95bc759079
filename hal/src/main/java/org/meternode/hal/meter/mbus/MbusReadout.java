package org.meternode.hal.meter.mbus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Everything one meter sent for one readout: one telegram, or several when it announced more (DIF 1Fh). */
public record MbusReadout(int address, List<MbusVariableData> telegrams) {
    public MbusReadout {
        telegrams = List.copyOf(telegrams);
    }

    /** The records of all telegrams in order, numbered through from 0. */
    public List<MbusRecord> records() {
        List<MbusRecord> all = new ArrayList<>();
        for (MbusVariableData telegram : telegrams) {
            for (MbusRecord record : telegram.records()) {
                all.add(record.withIndex(all.size()));
            }
        }
        return all;
    }

    /** The meter's secondary address, from the first telegram with a long header. */
    public Optional<MbusSecondaryAddress> secondaryAddress() {
        return telegrams.stream().flatMap(t -> t.address().stream()).findFirst();
    }
}

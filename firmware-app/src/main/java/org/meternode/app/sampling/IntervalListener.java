package org.meternode.app.sampling;

import java.time.Instant;
import java.util.List;
import org.meternode.app.reading.Reading;

/** Told after each interval's readings are safely in the outbox. */
@FunctionalInterface
public interface IntervalListener {
    void intervalStored(Instant intervalEnd, List<Reading> readings);
}

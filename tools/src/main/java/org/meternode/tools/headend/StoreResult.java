package org.meternode.tools.headend;

import java.util.List;

/**
 * What storing one Send did: new readings, exact resends ignored, and conflicts (same endpoint,
 * channel and time with a different value: a node bug, logged and counted, first value kept).
 */
public record StoreResult(List<ReceivedReading> inserted, int duplicates, int conflicts) {
}

package org.meternode.app.outbox;

import org.meternode.app.reading.Reading;

/** A reading as kept in the outbox, with the sequence number that orders delivery. */
public record StoredReading(long seq, Reading reading) {
}

package org.meternode.app.outbox;

import java.time.Instant;

/**
 * A reading set aside because it can never be delivered (its stream no longer exists, or the server
 * refuses it every time), kept with the reason so an operator can see what was not delivered and why.
 */
public record RejectedReading(StoredReading reading, String reason, Instant rejectedAt) {
}

package org.meternode.app.events;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored security event.
 *
 * @param seq        order in the log
 * @param at         when it happened (unique per log, strictly increasing)
 * @param kind       one of the {@link SecurityEvents} kinds
 * @param detail     what happened, never a secret
 * @param suppressed events of the same kind dropped by the rate limit just before this one
 */
public record SecurityEvent(long seq, Instant at, String kind, String detail, int suppressed) {
    public SecurityEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }
}

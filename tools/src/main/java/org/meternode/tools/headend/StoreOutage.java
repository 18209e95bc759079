package org.meternode.tools.headend;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a store outage once when it begins and once when it ends (with how long and how many Sends
 * were turned away), not once per Send: with thousands of nodes retrying, a line per refusal would
 * bury everything else in the log.
 */
final class StoreOutage {
    private static final Logger LOG = LoggerFactory.getLogger(StoreOutage.class);

    private final Clock clock;
    private Instant since;
    private long refused;

    StoreOutage(Clock clock) {
        this.clock = clock;
    }

    /** A Send was refused because the store is unavailable. */
    synchronized void refused(StoreUnavailableException e) {
        refused++;
        if (since == null) {
            since = clock.instant();
            LOG.error("head-end storage unavailable; Sends are answered 5.03 and nodes keep their readings: {}",
                    e.getMessage());
        }
    }

    /** A Send was stored. */
    synchronized void stored() {
        if (since != null) {
            LOG.warn("head-end storage back after {} s; {} Send(s) were refused meanwhile",
                    Duration.between(since, clock.instant()).toSeconds(), refused);
            since = null;
            refused = 0;
        }
    }

    synchronized boolean ongoing() {
        return since != null;
    }
}

package org.meternode.app.outbox;

import java.time.Instant;

/**
 * What the node remembers of one pulse channel between intervals and across restarts.
 *
 * @param rawTotal the board counter's total at the last reading
 * @param base     pulses carried over from earlier counter lives (resets, wraps); total = base + raw
 * @param at       when rawTotal was read
 */
public record CounterState(long rawTotal, long base, Instant at) {
    public long total() {
        return base + rawTotal;
    }
}

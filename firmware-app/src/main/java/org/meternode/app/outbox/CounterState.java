package org.meternode.app.outbox;

import java.time.Instant;

/**
 * What the node remembers of one counting channel between intervals and across restarts. For a
 * pulse channel: the board counter and the pulses of its earlier lives. For a channel that
 * integrates measured power into energy: the last power in mW and the energy so far in mWh.
 *
 * @param rawTotal the board counter's total at the last reading (power channels: last power, mW)
 * @param base     pulses carried over from earlier counter lives (resets, wraps); total = base + raw
 *                 (power channels: energy so far, mWh)
 * @param at       when rawTotal was read
 */
public record CounterState(long rawTotal, long base, Instant at) {
    public long total() {
        return base + rawTotal;
    }
}

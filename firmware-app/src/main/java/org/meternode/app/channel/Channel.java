package org.meternode.app.channel;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.meternode.app.outbox.CounterState;
import org.meternode.app.reading.ReadingStream;

/**
 * One configured measurement channel: reads its hal capability at an interval end and turns what
 * it read into readings. Knows nothing of LwM2M or storage.
 */
public interface Channel {
    String id();

    /** The reading streams this channel reports, in a fixed order. */
    List<ReadingStream> streams();

    /**
     * Samples the channel for the interval ending at {@code intervalEnd}.
     *
     * @param missed   earlier interval ends the node did not sample (it was off); a channel that can
     *                 interpolate them returns readings for them marked INTERPOLATED
     * @param previous the counter state stored with the previous interval, if any
     */
    Sample sample(Instant intervalEnd, List<Instant> missed, Optional<CounterState> previous) throws IOException;

    /** Releases what the channel holds of its own (threads, serial ports); board inputs close with the board. */
    default void close() {
    }

    /** Readings of one sample, and the counter state to store with them (pulse channels). */
    record Sample(List<org.meternode.app.reading.Reading> readings, Optional<CounterState> counter) {
        public Sample {
            readings = List.copyOf(readings);
        }
    }
}

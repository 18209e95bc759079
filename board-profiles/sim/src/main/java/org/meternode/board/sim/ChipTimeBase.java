package org.meternode.board.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.meternode.hal.Sleeper;

/**
 * A simulated ADC chip's own time base ("sample time"): the clock its register model and its hal
 * driver both run on. Waiting for a conversion moves sample time to the deadline at once, so one
 * conversion takes exactly its conversion time of sample time and no wall time; when the board's
 * virtual clock gets more than {@link #RESYNC_AFTER} ahead, sample time re-syncs to it and a new
 * burst begins. Shared by every input of the chip, so interleaved conversions advance one clock.
 */
final class ChipTimeBase implements Sleeper {
    /**
     * Long enough that one measurement (20 mains cycles: 0.4 s of sample time) never re-syncs half
     * way even at speed 1000, where a 10 ms pause of the test machine is 10 virtual seconds; a
     * re-sync in mid-window would splice two waveforms. Measurements a sampling interval apart
     * still start bursts of their own (intervals shorter than this just let sample time lag).
     */
    static final Duration RESYNC_AFTER = Duration.ofSeconds(10);

    private final Clock clock = new SampleClock();
    private Instant now;

    /**
     * Re-syncs to {@code virtualNow} when sample time is more than {@link #RESYNC_AFTER} behind it
     * (or has not started); true when it did, so the next conversion starts a burst.
     */
    synchronized boolean resyncTo(Instant virtualNow) {
        if (now == null || Duration.between(now, virtualNow).compareTo(RESYNC_AFTER) > 0) {
            now = virtualNow;
            return true;
        }
        return false;
    }

    synchronized Instant now() {
        if (now == null) {
            throw new IllegalStateException("chip time base used before its first re-sync");
        }
        return now;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public synchronized void sleepUntil(Instant deadline) {
        if (deadline.isAfter(now())) {
            now = deadline;
        }
    }

    private final class SampleClock extends Clock {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("sample time is UTC");
        }

        @Override
        public Instant instant() {
            return now();
        }
    }
}

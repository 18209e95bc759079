package org.meternode.hal.bus.fake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.meternode.hal.Sleeper;

/**
 * A {@link Sleeper} on virtual time: sleeping moves the clock to the deadline at once, so tests of
 * paced drivers and timed chip models run in no wall-clock time and are deterministic.
 */
public final class VirtualSleeper implements Sleeper {
    private final AtomicReference<Instant> now;
    private final Clock clock;

    public VirtualSleeper() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public VirtualSleeper(Instant start) {
        now = new AtomicReference<>(start);
        clock = new VirtualClock(now, ZoneOffset.UTC);
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public void sleepUntil(Instant deadline) {
        now.accumulateAndGet(deadline, (a, b) -> b.isAfter(a) ? b : a);
    }

    /** Moves virtual time forward, as if the test waited. */
    public void advance(Duration duration) {
        now.accumulateAndGet(now.get().plus(duration), (a, b) -> b.isAfter(a) ? b : a);
    }

    public Instant now() {
        return now.get();
    }

    private static final class VirtualClock extends Clock {
        private final AtomicReference<Instant> now;
        private final ZoneId zone;

        VirtualClock(AtomicReference<Instant> now, ZoneId zone) {
            this.now = now;
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return new VirtualClock(now, zone);
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}

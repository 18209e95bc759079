package org.meternode.hal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A Sleeper whose waits return at once: its clock jumps ahead by the time skipped. Records each wait. */
public final class InstantSleeper implements Sleeper {
    private final Clock system = Clock.systemUTC();
    private volatile Duration skipped = Duration.ZERO;
    private final List<Duration> waits = new ArrayList<>();

    @Override
    public Clock clock() {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return system.instant().plus(skipped);
            }
        };
    }

    @Override
    public synchronized void sleepUntil(Instant deadline) {
        Duration wait = Duration.between(clock().instant(), deadline);
        if (wait.isPositive()) {
            waits.add(wait);
            skipped = skipped.plus(wait);
        }
    }

    public synchronized List<Duration> waits() {
        return List.copyOf(waits);
    }
}

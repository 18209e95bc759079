package org.meternode.board.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A wall clock the test moves; sleeping advances it by exactly the asked time. */
final class ManualWallTime implements WallTime {
    private Instant now;
    private final List<Duration> sleeps = new ArrayList<>();

    ManualWallTime(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    synchronized void set(Instant t) {
        now = t;
    }

    synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    @Override
    public synchronized void sleep(Duration wall) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        sleeps.add(wall);
        now = now.plus(wall);
    }
}

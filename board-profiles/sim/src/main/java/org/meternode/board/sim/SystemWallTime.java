package org.meternode.board.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The machine's wall clock. */
enum SystemWallTime implements WallTime {
    INSTANCE;

    private final Clock utc = Clock.systemUTC();

    @Override
    public Instant instant() {
        return utc.instant();
    }

    @Override
    public void sleep(Duration wall) throws InterruptedException {
        Thread.sleep(wall);
    }
}

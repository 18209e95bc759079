package org.meternode.board.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.meternode.hal.WakeSignal;

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

    @Override
    public boolean sleep(Duration wall, WakeSignal wake) throws InterruptedException {
        return wake.await(wall);
    }
}

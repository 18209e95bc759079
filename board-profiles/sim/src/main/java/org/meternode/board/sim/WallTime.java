package org.meternode.board.sim;

import java.time.Duration;
import java.time.InstantSource;

/**
 * Real (wall) time as the sim sees it: a source of instants and a way to wait. The only place the
 * sim touches the system clock; tests pass a manual one so that nothing depends on the machine.
 */
public interface WallTime extends InstantSource {
    /** Waits {@code wall} of real time; throws if the thread is interrupted meanwhile. */
    void sleep(Duration wall) throws InterruptedException;

    /** The system UTC clock and {@link Thread#sleep(Duration)}. */
    static WallTime system() {
        return SystemWallTime.INSTANCE;
    }
}

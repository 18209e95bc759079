package org.meternode.board.sim;

import java.time.Duration;
import java.time.InstantSource;
import org.meternode.hal.WakeSignal;

/**
 * Real (wall) time as the sim sees it: a source of instants and a way to wait. The only place the
 * sim touches the system clock; tests pass a manual one so that nothing depends on the machine.
 */
public interface WallTime extends InstantSource {
    /** Waits {@code wall} of real time; throws if the thread is interrupted meanwhile. */
    void sleep(Duration wall) throws InterruptedException;

    /** Waits {@code wall} of real time or until {@code wake} is signalled; true when signalled. */
    default boolean sleep(Duration wall, WakeSignal wake) throws InterruptedException {
        if (wake.take()) {
            return true;
        }
        sleep(wall);
        return wake.take();
    }

    /** The system UTC clock and {@link Thread#sleep(Duration)}. */
    static WallTime system() {
        return SystemWallTime.INSTANCE;
    }
}

package org.meternode.hal;

import java.time.Clock;
import java.time.Instant;

/**
 * The node's notion of time: a clock to read and a way to wait for a deadline on it. The sim board
 * runs a virtual clock faster than real time; real boards use the system clock (later: RTC wake).
 */
public interface Sleeper {
    Clock clock();

    /** Returns once {@code clock().instant()} is at or past {@code deadline}. */
    void sleepUntil(Instant deadline) throws InterruptedException;

    /** The system clock and a plain timed wait. */
    static Sleeper system() {
        return SystemSleeper.INSTANCE;
    }
}

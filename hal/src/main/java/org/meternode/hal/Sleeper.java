package org.meternode.hal;

import java.time.Clock;
import java.time.Instant;

/**
 * The node's notion of time: a clock to read and a way to wait for a deadline on it. The sim board
 * runs a virtual clock faster than real time; real boards use the system clock (later: RTC wake).
 */
public interface Sleeper {
    Clock clock();

    /**
     * Returns once {@code clock().instant()} is at or past {@code deadline}, or earlier when the clock
     * was stepped back meanwhile (callers waiting for a deadline re-check it; a wait meant as a
     * duration must not grow by the step).
     */
    void sleepUntil(Instant deadline) throws InterruptedException;

    /**
     * Like {@link #sleepUntil(Instant)}, but returns early once {@code wake} is signalled (also when
     * it was signalled before the call). Interrupts still end the wait: they mean shutdown.
     *
     * @return true when the deadline was reached, false when woken by the signal or by a step back
     */
    default boolean sleepUntil(Instant deadline, WakeSignal wake) throws InterruptedException {
        // Sleepers whose waits take no real time need nothing more; real-time ones override this.
        if (wake.take()) {
            return false;
        }
        sleepUntil(deadline);
        return true;
    }

    /**
     * Time passed, in nanoseconds on a monotonic scale that clock steps do not move (NTP setting the
     * clock back an hour moves {@link #clock()}, not this): what a rate (mean power, flow) divides by.
     * Only differences mean anything; the sim's is its meters' timeline, real boards' the JVM's
     * {@link System#nanoTime()}.
     */
    default long elapsedNanos() {
        return System.nanoTime();
    }

    /** The system clock and a plain timed wait. */
    static Sleeper system() {
        return SystemSleeper.INSTANCE;
    }
}

package org.meternode.hal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Real time: waits on a {@link WakeSignal} (a fresh one, never signalled, for a plain wait), re-checking
 * the clock after each wake. A clock stepped back meanwhile (NTP) ends the wait early, seen against
 * the monotonic {@link System#nanoTime()}: a deadline an hour further away would otherwise starve a
 * watchdog that is fed every few seconds.
 */
final class SystemSleeper implements Sleeper {
    static final SystemSleeper INSTANCE = new SystemSleeper(Clock.systemUTC(), System::nanoTime);
    /** A clock this much behind the monotonic time passed was stepped back. */
    static final Duration STEP_TOLERANCE = Duration.ofSeconds(1);

    private final Clock clock;
    private final LongSupplier nanos;

    SystemSleeper(Clock clock, LongSupplier nanos) {
        this.clock = clock;
        this.nanos = nanos;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /** A wait nobody signals: the same loop, ended only by the deadline or a step back. */
    @Override
    public void sleepUntil(Instant deadline) throws InterruptedException {
        sleepUntil(deadline, new WakeSignal());
    }

    /** Returns false when woken by the signal or when the clock was stepped back (the caller re-plans). */
    @Override
    public boolean sleepUntil(Instant deadline, WakeSignal wake) throws InterruptedException {
        Step step = new Step();
        for (Duration left = Duration.between(step.startClock, deadline);
                left.isPositive();
                left = Duration.between(clock.instant(), deadline)) {
            if (wake.await(left) || step.wentBack()) {
                return false;
            }
        }
        return true;
    }

    /** Clock and monotonic time at the start of a wait. */
    private final class Step {
        final Instant startClock = clock.instant();
        final long startNanos = nanos.getAsLong();

        boolean wentBack() {
            Duration passed = Duration.ofNanos(nanos.getAsLong() - startNanos);
            Duration seen = Duration.between(startClock, clock.instant());
            return seen.plus(STEP_TOLERANCE).compareTo(passed) < 0;
        }
    }
}

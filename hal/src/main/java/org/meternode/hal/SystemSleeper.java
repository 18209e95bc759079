package org.meternode.hal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Real time: waits with {@link Thread#sleep(Duration)} (or on the {@link WakeSignal}), re-checking
 * the clock after each wake.
 */
final class SystemSleeper implements Sleeper {
    static final SystemSleeper INSTANCE = new SystemSleeper();

    private final Clock clock = Clock.systemUTC();

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public void sleepUntil(Instant deadline) throws InterruptedException {
        for (Duration left = Duration.between(clock.instant(), deadline);
                left.isPositive();
                left = Duration.between(clock.instant(), deadline)) {
            Thread.sleep(left);
        }
    }

    @Override
    public boolean sleepUntil(Instant deadline, WakeSignal wake) throws InterruptedException {
        for (Duration left = Duration.between(clock.instant(), deadline);
                left.isPositive();
                left = Duration.between(clock.instant(), deadline)) {
            if (wake.await(left)) {
                return false;
            }
        }
        return true;
    }
}

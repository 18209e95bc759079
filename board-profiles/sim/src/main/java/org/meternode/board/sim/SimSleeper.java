package org.meternode.board.sim;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.meternode.hal.Sleeper;
import org.meternode.hal.WakeSignal;

/** Waits on the virtual clock: sleeps the wall time the virtual distance takes at the sim's speed, then re-checks. */
public final class SimSleeper implements Sleeper {
    private final SimClock clock;

    SimSleeper(SimClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public void sleepUntil(Instant deadline) throws InterruptedException {
        for (Instant now = clock.instant(); now.isBefore(deadline); now = clock.instant()) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while sleeping until virtual " + deadline);
            }
            clock.wall().sleep(clock.wallWaitUntil(deadline, now));
        }
    }

    @Override
    public boolean sleepUntil(Instant deadline, WakeSignal wake) throws InterruptedException {
        for (Instant now = clock.instant(); now.isBefore(deadline); now = clock.instant()) {
            if (clock.wall().sleep(clock.wallWaitUntil(deadline, now), wake)) {
                return false;
            }
        }
        return true;
    }
}

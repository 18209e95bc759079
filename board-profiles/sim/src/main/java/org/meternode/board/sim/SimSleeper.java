package org.meternode.board.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.meternode.hal.Sleeper;
import org.meternode.hal.WakeSignal;

/**
 * Waits on the sim node's system clock: sleeps the wall time the virtual distance takes at the
 * sim's speed, then re-checks (so a clock step meanwhile is seen at the next check; a step back
 * ends the wait, as on a real board).
 */
public final class SimSleeper implements Sleeper {
    private final SimClock timeline;
    private final SimSystemClock clock;

    SimSleeper(SimClock timeline) {
        this(timeline, new SimSystemClock(timeline));
    }

    SimSleeper(SimClock timeline, SimSystemClock clock) {
        this.timeline = Objects.requireNonNull(timeline, "timeline");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /** The meters' timeline, which the node clock's steps ({@code SimBoard.stepClock}) do not move. */
    @Override
    public long elapsedNanos() {
        Instant t = timeline.instant();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** Returns at the deadline, or early when the clock was stepped back meanwhile (as the system sleeper). */
    @Override
    public void sleepUntil(Instant deadline) throws InterruptedException {
        Duration offset = clock.offset();
        for (Instant now = clock.instant(); now.isBefore(deadline) && !steppedBack(offset); now = clock.instant()) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while sleeping until virtual " + deadline);
            }
            timeline.wall().sleep(timeline.wallWaitUntil(deadline, now));
        }
    }

    @Override
    public boolean sleepUntil(Instant deadline, WakeSignal wake) throws InterruptedException {
        Duration offset = clock.offset();
        for (Instant now = clock.instant(); now.isBefore(deadline); now = clock.instant()) {
            if (timeline.wall().sleep(timeline.wallWaitUntil(deadline, now), wake) || steppedBack(offset)) {
                return false;
            }
        }
        return true;
    }

    private boolean steppedBack(Duration offsetAtStart) {
        return clock.offset().compareTo(offsetAtStart) < 0;
    }
}

package org.meternode.app.sampling;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.meternode.app.events.SecurityEvents;
import org.meternode.hal.ClockSync;

/**
 * Decides whether the sampling loop may timestamp readings now, and notes clock steps. Nothing is
 * stored while the clock is not synchronised (pulses keep being counted by the counters, so the first
 * interval after sync covers them); a clock set back before the last stored interval end waits for
 * it to pass (never an interval twice, never a total backwards); a clock well past the wake the
 * loop slept for (stepped forward, or a suspend) makes it re-plan, so the skipped ends are
 * back-filled as interpolated.
 * Every change is a {@code clock-*} event.
 */
final class ClockWatch {
    /** The state health shows. */
    enum State { SYNCED, UNSYNCED, STEPPED }

    private final ClockSync sync;
    private final SecurityEvents events;
    private volatile State state = State.SYNCED;
    private volatile String lastStep = "";
    private Instant lastSeen;
    private Instant waitingFor;

    ClockWatch(ClockSync sync, SecurityEvents events) {
        this.sync = sync;
        this.events = events;
    }

    /**
     * Whether readings may be stored now; notes a step back (now before what was seen or stored) and
     * a jump forward (now well past both the last look and the wake the loop slept for).
     *
     * @param planned   the instant the loop last slept until, null if it has not slept yet
     * @param tolerance a clock this little behind is jitter, not a step
     * @param interval  a clock more than this ahead skipped an interval end: a jump, not a late wake
     */
    synchronized boolean ready(Instant now, Optional<Instant> lastStored, Instant planned, Duration tolerance,
            Duration interval) {
        if (!sync.synchronised()) {
            if (state != State.UNSYNCED) {
                state = State.UNSYNCED;
                events.record(SecurityEvents.CLOCK_UNSYNCHRONISED, "clock not synchronised at " + now + " ("
                        + sync.describe() + "): nothing is stored until it is; pulses keep being counted");
            }
            lastSeen = null;
            return false;
        }
        if (state == State.UNSYNCED) {
            state = State.SYNCED;
            events.record(SecurityEvents.CLOCK_SYNCHRONISED, "clock synchronised at " + now + " (" + sync.describe()
                    + ")" + lastStored.map(t -> "; last stored interval end " + t).orElse(""));
        }
        Instant expected = lastSeen == null ? null : laterOf(lastSeen, planned);
        if (expected != null && now.isAfter(expected.plus(interval))) {
            stepped("forward", Duration.between(expected, now), now, "the interval ends skipped are back-filled"
                    + " as interpolated");
        }
        Instant behind = laterOf(lastSeen, lastStored.orElse(null));
        if (behind != null && now.isBefore(behind.minus(tolerance)) && !behind.equals(waitingFor)) {
            waitingFor = behind;
            stepped("back", Duration.between(now, behind), now, "no interval end up to " + behind
                    + " is sampled again; waiting until the clock passes it");
        }
        lastSeen = laterOf(lastSeen, now);
        return true;
    }

    /** The loop looked at the clock (after a sample: sampling takes time, that is no step). */
    synchronized void seen(Instant now) {
        lastSeen = laterOf(lastSeen, now);
    }

    /** An interval was stored on time: a step is behind us. */
    synchronized void storedOnTime() {
        if (state == State.STEPPED) {
            state = State.SYNCED;
        }
        waitingFor = null;
    }

    State state() {
        return state;
    }

    /** "synced", "unsynced" or "stepped", with the last step if there was one. */
    String describe() {
        String s = state.name().toLowerCase();
        return lastStep.isEmpty() ? s : s + " (last step: " + lastStep + ")";
    }

    private void stepped(String direction, Duration by, Instant now, String consequence) {
        state = State.STEPPED;
        lastStep = direction + " " + by + " at " + now;
        events.record(SecurityEvents.CLOCK_STEPPED, "clock stepped " + direction + " by at least " + by + " (now "
                + now + "): " + consequence);
    }

    private static Instant laterOf(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}

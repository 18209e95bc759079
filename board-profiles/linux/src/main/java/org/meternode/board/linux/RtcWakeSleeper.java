package org.meternode.board.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import org.meternode.hal.Sleeper;
import org.meternode.hal.WakeSignal;

/**
 * A {@link Sleeper} that first programs an RTC wake alarm for the deadline, so that a system
 * suspended meanwhile (by the app, e.g. {@code systemctl suspend}) wakes in time, then waits on the
 * system clock. The alarm is whole epoch seconds, rounded up so the machine never wakes early;
 * {@code 0} is written first because the kernel refuses a new alarm while one is set.
 */
public final class RtcWakeSleeper implements Sleeper {
    private final SysfsAttribute wakealarm;
    private final Sleeper waiting;

    RtcWakeSleeper(SysfsAttribute wakealarm, Sleeper waiting) {
        this.wakealarm = wakealarm;
        this.waiting = waiting;
    }

    @Override
    public Clock clock() {
        return waiting.clock();
    }

    /**
     * Programs the alarm and waits.
     *
     * @throws UncheckedIOException when the alarm cannot be programmed: a node that suspends would
     *                              then not wake, so this is not worth hiding
     */
    @Override
    public void sleepUntil(Instant deadline) throws InterruptedException {
        if (deadline.isAfter(clock().instant())) {
            try {
                arm(deadline);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        waiting.sleepUntil(deadline);
    }

    /** Programs the alarm and waits, returning early when {@code wake} is signalled (the alarm stays set). */
    @Override
    public boolean sleepUntil(Instant deadline, WakeSignal wake) throws InterruptedException {
        if (deadline.isAfter(clock().instant())) {
            try {
                arm(deadline);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return waiting.sleepUntil(deadline, wake);
    }

    /** Sets the RTC to wake the system at {@code deadline} (rounded up to the second). */
    public void arm(Instant deadline) throws IOException {
        long seconds = deadline.getEpochSecond() + (deadline.getNano() > 0 ? 1 : 0);
        wakealarm.append("0\n");
        wakealarm.append(seconds + "\n");
    }

    /** Clears any alarm set. */
    public void disarm() throws IOException {
        wakealarm.append("0\n");
    }

    @Override
    public String toString() {
        return "RTC wake alarm " + wakealarm.path();
    }
}

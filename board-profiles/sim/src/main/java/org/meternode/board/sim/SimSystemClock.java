package org.meternode.board.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sim node's system clock: the virtual timeline the meters run on, plus an offset that a test
 * steps as NTP or a Pi without RTC would ({@link SimBoard#stepClock}). Unlike {@link SimClock} it
 * can go backwards; the meters never see the offset, so a step changes timestamps, not energy.
 */
final class SimSystemClock extends Clock {
    private final SimClock truth;
    private final AtomicReference<Duration> offset;
    private final ZoneId zone;

    SimSystemClock(SimClock truth) {
        this(truth, new AtomicReference<>(Duration.ZERO), truth.getZone());
    }

    private SimSystemClock(SimClock truth, AtomicReference<Duration> offset, ZoneId zone) {
        this.truth = Objects.requireNonNull(truth, "truth");
        this.offset = offset;
        this.zone = zone;
    }

    @Override
    public Instant instant() {
        return at(truth.instant());
    }

    /** What this clock read when the timeline was at {@code truthInstant}. */
    Instant at(Instant truthInstant) {
        return truthInstant.plus(offset.get());
    }

    /** Sets the clock forward (positive) or back (negative) by {@code step}. */
    void step(Duration step) {
        offset.accumulateAndGet(step, Duration::plus);
    }

    /** How far this clock is from the timeline. */
    Duration offset() {
        return offset.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return newZone.equals(zone) ? this : new SimSystemClock(truth, offset, newZone);
    }

    @Override
    public String toString() {
        return "SimSystemClock[" + truth + ", offset " + offset.get() + "]";
    }
}

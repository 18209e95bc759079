package org.meternode.board.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sim's virtual clock: wall time scaled by the speed from a persisted {@link ClockAnchor}, so it
 * continues across restarts. Never goes backwards, even if the wall clock does.
 */
public final class SimClock extends Clock {
    /** A wait on the wall clock is cut into pieces of at most this, then the virtual time is re-checked. */
    private static final Duration MAX_WALL_WAIT = Duration.ofMinutes(1);

    private final ClockAnchor anchor;
    private final WallTime wall;
    private final ZoneId zone;
    private final AtomicReference<Instant> latest;

    SimClock(ClockAnchor anchor, WallTime wall) {
        this(anchor, wall, ZoneOffset.UTC, new AtomicReference<>(anchor.virtualAt()));
    }

    private SimClock(ClockAnchor anchor, WallTime wall, ZoneId zone, AtomicReference<Instant> latest) {
        this.anchor = Objects.requireNonNull(anchor, "anchor");
        this.wall = Objects.requireNonNull(wall, "wall");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.latest = latest;
    }

    @Override
    public Instant instant() {
        Instant virtual = anchor.virtualAt(wall.instant());
        return latest.accumulateAndGet(virtual, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return newZone.equals(zone) ? this : new SimClock(anchor, wall, newZone, latest);
    }

    /** Virtual seconds per wall second. */
    public double speed() {
        return anchor.speed();
    }

    /** The virtual instant the simulated meters count from (the first start of this timeline). */
    public Instant epoch() {
        return anchor.epoch();
    }

    /** The anchor this clock runs from, as persisted. */
    public ClockAnchor anchor() {
        return anchor;
    }

    WallTime wall() {
        return wall;
    }

    /** The wall time to wait from virtual {@code now} until virtual {@code deadline}: at least 1 ns, at most a minute. */
    Duration wallWaitUntil(Instant deadline, Instant now) {
        Duration left = Duration.between(now, deadline);
        double wallSeconds = (left.getSeconds() + left.getNano() / 1e9) / anchor.speed();
        if (wallSeconds >= MAX_WALL_WAIT.getSeconds()) {
            return MAX_WALL_WAIT;
        }
        return Duration.ofNanos(Math.max(1, (long) Math.ceil(wallSeconds * 1e9)));
    }

    @Override
    public String toString() {
        return "SimClock[" + zone + ", speed " + anchor.speed() + ", epoch " + anchor.epoch() + "]";
    }
}

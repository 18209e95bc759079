package org.meternode.board.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Ties the virtual timeline to the wall clock: virtual = virtualAt + (wall - wallAt) * speed.
 * {@code epoch} is the virtual instant the simulated meters started counting from; it never moves.
 *
 * @param epoch     virtual start of the whole timeline (meters count from here)
 * @param virtualAt virtual instant at the anchor
 * @param wallAt    wall instant at the anchor
 * @param speed     virtual seconds per wall second
 * @param seed      the seed the meters were simulated with
 */
public record ClockAnchor(Instant epoch, Instant virtualAt, Instant wallAt, double speed, long seed) {
    private static final double NANOS_PER_SECOND = 1e9;

    public ClockAnchor {
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(virtualAt, "virtualAt");
        Objects.requireNonNull(wallAt, "wallAt");
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a finite number > 0, got " + speed);
        }
    }

    /** A new timeline: starts at {@code start}, or at the wall clock truncated to the minute. */
    static ClockAnchor first(Instant start, Instant wallNow, double speed, long seed) {
        Instant virtualStart = start != null ? start : wallNow.truncatedTo(ChronoUnit.MINUTES);
        return new ClockAnchor(virtualStart, virtualStart, wallNow, speed, seed);
    }

    /** The virtual instant at wall instant {@code wall}. */
    public Instant virtualAt(Instant wall) {
        double virtualNanos = Duration.between(wallAt, wall).toNanos() * speed;
        long seconds = (long) Math.floor(virtualNanos / NANOS_PER_SECOND);
        long nanos = (long) Math.floor(virtualNanos - seconds * NANOS_PER_SECOND);
        return virtualAt.plusSeconds(seconds).plusNanos(nanos);
    }

    /**
     * This timeline continued from wall instant {@code wallNow} with {@code speed} and {@code seed}:
     * this anchor itself if nothing changed, else a new anchor at the timeline's "now", which never
     * lies before this anchor's virtual instant (the wall clock may have been set back meanwhile).
     */
    ClockAnchor continuedAt(Instant wallNow, double newSpeed, long newSeed) {
        boolean wallWentBack = wallNow.isBefore(wallAt);
        if (!wallWentBack && Double.compare(newSpeed, speed) == 0 && newSeed == seed) {
            return this;
        }
        Instant now = wallWentBack ? virtualAt : virtualAt(wallNow);
        return new ClockAnchor(epoch, now, wallNow, newSpeed, newSeed);
    }
}

package org.meternode.app.sampling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Interval ends: multiples of the interval counted from an anchor (the Unix epoch when aligned, so
 * 15 min readings land on :00, :15, :30, :45 UTC). Pure arithmetic, no clock.
 */
public record IntervalSchedule(Duration interval, Instant anchor) {
    /** Most boundaries the node back-fills after an outage; older gaps stay gaps. */
    public static final int MAX_MISSED = 10_000;

    public static IntervalSchedule aligned(Duration interval) {
        return new IntervalSchedule(interval, Instant.EPOCH);
    }

    /** The last boundary at or before {@code t}. */
    public Instant floor(Instant t) {
        long step = interval.toMillis();
        long since = t.toEpochMilli() - anchor.toEpochMilli();
        return anchor.plusMillis(Math.floorDiv(since, step) * step);
    }

    /**
     * The next interval end to sample, given the last one stored and the time now. A boundary that
     * passed less than {@code lateness} ago and is not stored yet is sampled at once; older unsampled
     * boundaries become "missed" and are back-filled at the next sample.
     */
    public Instant next(Optional<Instant> lastStored, Instant now, Duration lateness) {
        Instant floor = floor(now);
        Instant candidate = floor.plus(interval);
        boolean floorUnsampled = lastStored.map(floor::isAfter).orElse(false);
        if (floorUnsampled && !Duration.between(floor, now).minus(lateness).isPositive()) {
            candidate = floor;
        }
        if (lastStored.isPresent() && !candidate.isAfter(lastStored.get())) {
            candidate = lastStored.get().plus(interval);
        }
        return candidate;
    }

    /** Boundaries strictly between {@code last} and {@code end}, oldest first, at most MAX_MISSED. */
    public List<Instant> missedBetween(Optional<Instant> last, Instant end) {
        List<Instant> missed = new ArrayList<>();
        if (last.isEmpty()) {
            return missed;
        }
        Instant first = floor(last.get()).plus(interval);
        long count = Duration.between(first, end).toMillis() / interval.toMillis();
        if (count > MAX_MISSED) {
            first = end.minus(interval.multipliedBy(MAX_MISSED));
        }
        for (Instant b = first; b.isBefore(end); b = b.plus(interval)) {
            missed.add(b);
        }
        return missed;
    }
}

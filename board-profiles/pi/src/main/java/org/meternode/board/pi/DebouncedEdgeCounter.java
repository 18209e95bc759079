package org.meternode.board.pi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Counts rising edges of a debounced level from timestamped raw levels. A raw level becomes the
 * debounced level once it has lasted at least the minimum pulse width; each debounced LOW-to-HIGH
 * change counts once. So bounces and glitches shorter than the width change nothing, and a HIGH
 * that has not yet lasted the width is counted as soon as a later level or a read shows that it did.
 * Pure logic: no clock, no IO; not thread-safe on its own.
 */
final class DebouncedEdgeCounter {
    private final long minWidthNanos;
    private boolean rawHigh;
    private Instant rawSince;
    private boolean stableHigh;
    private long total;

    /** Starts settled at {@code high}: the level found when the input was opened counts as stable. */
    DebouncedEdgeCounter(Duration minWidth, boolean high, Instant at) {
        if (minWidth.isNegative()) {
            throw new IllegalArgumentException("minimum pulse width must not be negative: " + minWidth);
        }
        this.minWidthNanos = minWidth.toNanos();
        this.rawHigh = high;
        this.stableHigh = high;
        this.rawSince = Objects.requireNonNull(at, "at");
    }

    /** The input now reads {@code high} (an edge, or a repeat of the level, which changes nothing). */
    void level(boolean high, Instant at) {
        settle(at);
        if (high != rawHigh) {
            rawHigh = high;
            rawSince = at;
        }
    }

    /** Rising edges of the debounced level up to {@code now}. */
    long total(Instant now) {
        settle(now);
        return total;
    }

    private void settle(Instant now) {
        // A clock that stepped back makes the level look younger than it is: it waits for the next edge or read.
        if (rawHigh != stableHigh && Duration.between(rawSince, now).toNanos() >= minWidthNanos) {
            stableHigh = rawHigh;
            if (stableHigh) {
                total++;
            }
        }
    }
}

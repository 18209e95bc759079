package org.meternode.app.uplink;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Full-jitter exponential backoff (the AWS architecture blog's "full jitter"): the pause after the
 * n-th failure in a row (n from 0) is uniform in [0, min(cap, base * 2^n)), so clients that failed
 * together do not retry together. Thread-safe.
 */
public final class JitteredBackoff {
    private final long baseNanos;
    private final long capNanos;
    private final RandomGenerator random;
    private int attempts;

    /**
     * @param base   the ceiling of the first pause; more than zero
     * @param cap    the largest ceiling; at least {@code base}
     * @param random where pauses are drawn from (SecureRandom on a node, a seeded generator in tests)
     */
    public JitteredBackoff(Duration base, Duration cap, RandomGenerator random) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        this.random = Objects.requireNonNull(random, "random");
        if (!base.isPositive()) {
            throw new IllegalArgumentException("backoff base must be more than 0, was " + base);
        }
        if (cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff cap (" + cap + ") must be at least its base (" + base + ")");
        }
        this.baseNanos = base.toNanos();
        this.capNanos = cap.toNanos();
    }

    /** Draws the next pause and counts an attempt. */
    public synchronized Duration next() {
        long ceiling = ceilingNanos(attempts);
        if (attempts < Integer.MAX_VALUE) {
            attempts++;
        }
        return Duration.ofNanos(random.nextLong(ceiling));
    }

    /** After a success: the next pause is drawn from [0, base) again. */
    public synchronized void reset() {
        attempts = 0;
    }

    /** Pauses drawn since the last reset. */
    public synchronized int attempts() {
        return attempts;
    }

    /** min(cap, base * 2^attempt), without overflow. */
    private long ceilingNanos(int attempt) {
        return attempt >= Long.SIZE - 1 || baseNanos > (capNanos >>> attempt) ? capNanos : baseNanos << attempt;
    }

    @Override
    public synchronized String toString() {
        return "full-jitter backoff " + Duration.ofNanos(baseNanos) + ".." + Duration.ofNanos(capNanos) + " after "
                + attempts + " attempt(s)";
    }
}

package org.meternode.tools.fleet;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The one place where the fleet takes the node's own uplink policy: where in the window after each
 * interval end a node sends, and how long it waits after a failure (full jitter).
 * <p>
 * Stand-in until {@code org.meternode.app.uplink.SendSpread} and {@code JitteredBackoff} land on
 * main (being written on branch h-herd, same API): then these three methods become one-line calls
 * to them and the private classes below go.
 */
final class NodePolicy {
    private NodePolicy() {
    }

    /** The node's stable offset in {@code window} after each interval end (SendSpread.offset()). */
    static Duration sendOffset(String endpoint, Duration window) {
        if (window.isZero()) {
            return Duration.ZERO;
        }
        long h = fnv1a64(endpoint.getBytes(StandardCharsets.UTF_8));
        return Duration.ofNanos(Math.floorMod(h, window.toNanos()));
    }

    /** The Send window for {@code interval} when none is configured (SendSpread.defaultWindow). */
    static Duration defaultWindow(Duration interval) {
        return interval.multipliedBy(3).dividedBy(4);
    }

    /** Full-jitter backoff from {@code base} doubling up to {@code cap} (JitteredBackoff). */
    static RetryDelays backoff(Duration base, Duration cap, RandomGenerator random) {
        return new FullJitter(base, cap, random);
    }

    private static long fnv1a64(byte[] bytes) {
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        // FNV's low bits mix poorly for short keys that differ in their last character: fold them in.
        return h ^ (h >>> 29) ^ (h >>> 47);
    }

    /** Uniform in [0, min(cap, base * 2^attempts)]. */
    private static final class FullJitter implements RetryDelays {
        private final Duration base;
        private final Duration cap;
        private final RandomGenerator random;
        private int attempts;

        FullJitter(Duration base, Duration cap, RandomGenerator random) {
            this.base = base;
            this.cap = cap;
            this.random = random;
        }

        @Override
        public synchronized Duration next() {
            long ceiling = base.toNanos() << Math.min(attempts, 30);
            if (ceiling <= 0 || ceiling > cap.toNanos()) {
                ceiling = cap.toNanos();
            }
            attempts++;
            return Duration.ofNanos(random.nextLong(ceiling + 1));
        }

        @Override
        public synchronized void reset() {
            attempts = 0;
        }

        @Override
        public synchronized int attempts() {
            return attempts;
        }
    }
}

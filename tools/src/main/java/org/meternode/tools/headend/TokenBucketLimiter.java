package org.meternode.tools.headend;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * A token bucket per key (a node's endpoint or DTLS identity): each request takes one token, tokens
 * come back at {@code perSecond} up to {@code burst}. A flooding node runs dry and is refused while
 * every other node keeps its own full bucket. Keys are authenticated nodes only, so the map stays
 * as small as the list of provisioned nodes; {@link #MAX_KEYS} bounds it anyway.
 */
public final class TokenBucketLimiter {
    /** At most this many buckets; when full, buckets that have refilled completely are dropped. */
    static final int MAX_KEYS = 100_000;

    /**
     * How many requests a node may make: {@code burst} at once, then {@code perSecond} on average.
     * A meter node sends every few minutes, so the defaults leave it a wide margin.
     */
    public record Limit(double perSecond, int burst) {
        /**
         * Sends: 100 at once (a node draining its backlog after an outage, or a sim board running its
         * clock 300x fast), then 20 per second; a flooding node sends hundreds per second.
         */
        public static final Limit SENDS = new Limit(20, 100);
        /** Registrations and updates: 10 at once, then 1 per second. */
        public static final Limit REGISTRATIONS = new Limit(1, 10);

        public Limit {
            if (!(perSecond > 0) || Double.isInfinite(perSecond) || burst < 1) {
                throw new IllegalArgumentException("rate limit: perSecond must be > 0 and finite and burst >= 1"
                        + " (got " + perSecond + "/s, burst " + burst + ")");
            }
        }
    }

    private final Limit limit;
    private final Clock clock;
    private final Map<String, double[]> buckets = new HashMap<>();

    TokenBucketLimiter(Limit limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
    }

    /** Takes a token for {@code key}; false when its bucket is empty (the request must be refused). */
    synchronized boolean tryAcquire(String key) {
        long now = clock.millis();
        if (buckets.size() >= MAX_KEYS && !buckets.containsKey(key)) {
            buckets.values().removeIf(b -> tokens(b, now) >= limit.burst());
        }
        double[] bucket = buckets.computeIfAbsent(key, k -> new double[] {limit.burst(), now});
        double tokens = tokens(bucket, now);
        bucket[1] = now;
        if (tokens < 1) {
            bucket[0] = tokens;
            return false;
        }
        bucket[0] = tokens - 1;
        return true;
    }

    private double tokens(double[] bucket, long now) {
        return Math.min(limit.burst(), bucket[0] + Math.max(0, now - (long) bucket[1]) * limit.perSecond() / 1000.0);
    }

    Limit limit() {
        return limit;
    }
}

package org.meternode.tools.fleet;

import java.time.Duration;
import java.util.random.RandomGenerator;
import org.meternode.app.config.ConfigKeys;
import org.meternode.app.uplink.JitteredBackoff;
import org.meternode.app.uplink.SendSpread;

/**
 * The one place where the fleet takes the node's own uplink policy: where in the window after each
 * interval end a node sends ({@link SendSpread}), and how long it waits after a failure
 * ({@link JitteredBackoff}, full jitter), with the node's defaults.
 */
final class NodePolicy {
    /** The node's {@code uplink.retry-min} default. */
    static final Duration RETRY_MIN = ConfigKeys.UPLINK_RETRY_MIN.defaultValue().orElseThrow();
    /** The node's {@code uplink.retry-max} default. */
    static final Duration RETRY_MAX = ConfigKeys.UPLINK_RETRY_MAX.defaultValue().orElseThrow();

    private NodePolicy() {
    }

    /** The node's stable offset in {@code window} after each interval end. */
    static Duration sendOffset(String endpoint, Duration window) {
        return new SendSpread(endpoint, window).offset();
    }

    /** The node's Send window for {@code interval} when none is configured. */
    static Duration defaultWindow(Duration interval) {
        return SendSpread.defaultWindow(interval);
    }

    /** Full-jitter backoff from {@code base} doubling up to {@code cap}. */
    static RetryDelays backoff(Duration base, Duration cap, RandomGenerator random) {
        JitteredBackoff backoff = new JitteredBackoff(base, cap, random);
        return new RetryDelays() {
            @Override
            public Duration next() {
                return backoff.next();
            }

            @Override
            public void reset() {
                backoff.reset();
            }

            @Override
            public int attempts() {
                return backoff.attempts();
            }
        };
    }
}

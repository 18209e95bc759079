package org.meternode.app.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How readings leave the outbox.
 *
 * @param batchSize   readings per LwM2M Send
 * @param sendTimeout wait this long for the server's answer to one Send
 * @param retryMin    first backoff after a failed Send
 * @param retryMax    backoff cap
 */
public record UplinkConfig(int batchSize, Duration sendTimeout, Duration retryMin, Duration retryMax) {
    public UplinkConfig {
        Objects.requireNonNull(sendTimeout, "sendTimeout");
        Objects.requireNonNull(retryMin, "retryMin");
        Objects.requireNonNull(retryMax, "retryMax");
    }
}

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
 * @param reportingInterval send at most this often; zero sends as soon as an interval is stored
 * @param awakeWindow stay reachable this long after each Send (queue mode)
 * @param spread      the window Sends are spread over after each interval end (zero: none); the
 *                    default, 10 % of the sampling interval, already filled in
 */
public record UplinkConfig(int batchSize, Duration sendTimeout, Duration retryMin, Duration retryMax,
                           Duration reportingInterval, Duration awakeWindow, Duration spread) {
    public UplinkConfig {
        Objects.requireNonNull(sendTimeout, "sendTimeout");
        Objects.requireNonNull(retryMin, "retryMin");
        Objects.requireNonNull(retryMax, "retryMax");
        Objects.requireNonNull(reportingInterval, "reportingInterval");
        Objects.requireNonNull(awakeWindow, "awakeWindow");
        Objects.requireNonNull(spread, "spread");
    }
}

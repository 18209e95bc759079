package org.meternode.app.config;

import java.time.Duration;
import java.util.Objects;

/**
 * When the node reads its channels.
 *
 * @param interval time between readings
 * @param align    wake on wall-clock multiples of {@code interval} (then it divides one day)
 */
public record SamplingConfig(Duration interval, boolean align) {
    public SamplingConfig {
        Objects.requireNonNull(interval, "interval");
    }
}

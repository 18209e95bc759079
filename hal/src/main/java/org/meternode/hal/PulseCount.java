package org.meternode.hal;

import java.time.Instant;
import java.util.Objects;

/**
 * A pulse counter's total at one moment. {@code total} only grows while the counter is open; a
 * smaller total after a re-open or a wrap is the app's to detect (see PulseCounter).
 */
public record PulseCount(long total, Instant at) {
    public PulseCount {
        Objects.requireNonNull(at, "at");
        if (total < 0) {
            throw new IllegalArgumentException("pulse total must not be negative: " + total);
        }
    }
}

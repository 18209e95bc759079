package org.meternode.board.sim;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The sim board's options, validated.
 *
 * @param speed  virtual seconds per wall second
 * @param seed   seed of every simulated meter
 * @param start  virtual time at the very first start (absent: wall clock truncated to the minute)
 * @param meters pin to meter, in config order
 */
record SimOptions(double speed, long seed, Optional<Instant> start, Map<String, MeterSpec> meters) {
    SimOptions {
        Objects.requireNonNull(start, "start");
        meters = Collections.unmodifiableMap(new LinkedHashMap<>(meters));
    }
}

package org.meternode.board.sim;

import java.time.Duration;
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
 * @param watchdog  timeout of the simulated watchdog, when one is configured
 * @param tamper    the digital pin of the tamper switch
 * @param statusLed the digital pin of the status LED
 */
record SimOptions(double speed, long seed, Optional<Instant> start, Map<String, MeterSpec> meters,
        Optional<Duration> watchdog, Optional<String> tamper, Optional<String> statusLed) {
    SimOptions {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(watchdog, "watchdog");
        Objects.requireNonNull(tamper, "tamper");
        Objects.requireNonNull(statusLed, "statusLed");
        meters = Collections.unmodifiableMap(new LinkedHashMap<>(meters));
    }
}

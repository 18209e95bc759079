package org.meternode.hal;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Whether the board's clock may be used to timestamp readings yet. A Raspberry Pi has no RTC: it
 * boots with the time of its last shutdown (fake-hwclock) or 1970, and NTP steps the clock later;
 * until then the node keeps counting but stores nothing. Boards that know the kernel's sync state
 * ask it ({@link KernelClockSync}); the others trust a clock that is past a plausibility floor.
 */
public interface ClockSync {
    /**
     * No reading can be newer than this release: a clock before it is certainly wrong (the 1970 of
     * a Pi without RTC). Moved forward with each release.
     */
    Instant RELEASE_FLOOR = Instant.parse("2026-12-01T00:00:00Z");

    /** True once the clock can be trusted for timestamps. */
    boolean synchronised();

    /** What the answer rests on, for health and the log ("NTP synchronized (kernel)"). */
    String describe();

    /** Trusted once {@code clock} reads at or after {@code floor}. */
    static ClockSync plausibleAfter(Clock clock, Instant floor) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(floor, "floor");
        return new ClockSync() {
            @Override
            public boolean synchronised() {
                return !clock.instant().isBefore(floor);
            }

            @Override
            public String describe() {
                return "no sync source: trusted at or after " + floor;
            }
        };
    }
}

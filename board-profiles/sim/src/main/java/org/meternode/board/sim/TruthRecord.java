package org.meternode.board.sim;

import java.time.Instant;
import java.util.Objects;

/**
 * One value the sim board handed out, with its virtual time: {@code pulses} (a counter read),
 * {@code amps-rms-true} (the true RMS current at the first sample of an ADC burst), {@code volts-rms-true}
 * and {@code volts-true} (the same for ac-voltage and dc-voltage inputs), {@code watts-true} (the true
 * DC power at a power monitor read), {@code level}
 * (a digital input read that differs from the previous one) or {@code output} (a digital output set).
 */
public record TruthRecord(String channel, String pin, Instant at, String kind, double value) {
    public static final String PULSES = "pulses";
    public static final String AMPS_RMS_TRUE = "amps-rms-true";
    /** The true mains RMS voltage at the first sample of an ADC burst on an {@code ac-voltage} input. */
    public static final String VOLTS_RMS_TRUE = "volts-rms-true";
    /** The voltage set on a {@code dc-voltage} input at the first sample of a burst. */
    public static final String VOLTS_TRUE = "volts-true";
    /** The true DC power at a power monitor read. */
    public static final String WATTS_TRUE = "watts-true";
    public static final String LEVEL = "level";
    public static final String OUTPUT = "output";

    public TruthRecord {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(pin, "pin");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
    }
}

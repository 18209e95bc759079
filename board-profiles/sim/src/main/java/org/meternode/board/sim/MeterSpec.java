package org.meternode.board.sim;

/** One simulated meter (or plain pin) declared under {@code board-options.meters}, validated. */
public sealed interface MeterSpec {
    /** The {@code type} value as written in the config. */
    String type();

    /** An S0 electricity meter: a daily load curve with per-minute noise, pulses per kWh. */
    record S0Electricity(double pulsesPerKwh, double baseWatts, double peakWatts, double noise) implements MeterSpec {
        public static final String TYPE = "s0-electricity";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** A water meter with a reed contact: showers, taps and flushes, one pulse per {@code litresPerPulse}. */
    record WaterReed(double litresPerPulse) implements MeterSpec {
        public static final String TYPE = "water-reed";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * A current transformer on a burden resistor, read by an ADS1115-like ADC (16 bit, +/-4.096 V).
     *
     * @param ratio            primary to secondary current, e.g. 100 A : 50 mA
     * @param harmonic3        amplitude of the 3rd harmonic as a fraction of the fundamental
     * @param baseAmps         RMS load current at night
     * @param peakAmps         RMS load current at the evening peak (before noise)
     * @param noise            per-minute load noise, a fraction
     */
    record CtClamp(CtRatio ratio, double burdenOhm, int mainsHz, double dcOffsetVolts, double samplesPerSecond,
            double harmonic3, double baseAmps, double peakAmps, double noise) implements MeterSpec {
        public static final String TYPE = "ct-clamp";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** A plain logic pin, used as a digital input (level set by tests) or output (level recorded). */
    record Digital(boolean initial) implements MeterSpec {
        public static final String TYPE = "digital";

        @Override
        public String type() {
            return TYPE;
        }
    }
}

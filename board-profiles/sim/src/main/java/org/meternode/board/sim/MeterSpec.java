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

    /** A meter read through an ADC input: its voltage at the ADC pin is a function of time. */
    sealed interface Analog extends MeterSpec {
        /** Conversions per second of the ADC input it sits on. */
        double samplesPerSecond();
    }

    /**
     * A current transformer on a burden resistor, read by an ADS1115 (16 bit, +/-4.096 V) or MCP3008.
     *
     * @param ratio            primary to secondary current, e.g. 100 A : 50 mA
     * @param harmonic3        amplitude of the 3rd harmonic as a fraction of the fundamental
     * @param baseAmps         RMS load current at night
     * @param peakAmps         RMS load current at the evening peak (before noise)
     * @param noise            per-minute load noise, a fraction
     * @param powerFactor      cos(phi) of the load, current lagging the mains voltage by phi
     */
    record CtClamp(CtRatio ratio, double burdenOhm, int mainsHz, double dcOffsetVolts, double samplesPerSecond,
            double harmonic3, double baseAmps, double peakAmps, double noise, double powerFactor) implements Analog {
        public static final String TYPE = "ct-clamp";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * The mains voltage through an AC-AC adapter and a divider biased at {@code dcOffsetVolts}:
     * volts at the ADC = dc offset + mains volts / {@code voltsPerVolt}.
     *
     * @param voltsRms     nominal mains RMS voltage
     * @param voltsPerVolt mains volts per volt at the ADC pin (adapter ratio times divider ratio)
     * @param noise        per-minute variation of the mains RMS voltage, a fraction
     */
    record AcVoltage(double voltsRms, double voltsPerVolt, double dcOffsetVolts, int mainsHz, double samplesPerSecond,
            double noise) implements Analog {
        public static final String TYPE = "ac-voltage";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** A steady voltage at an ADC input (a sensor, a potentiometer); tests move it with {@code SimBoard.setVolts}. */
    record DcVoltage(double volts, double samplesPerSecond) implements Analog {
        public static final String TYPE = "dc-voltage";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * A DC load behind an INA219 on the sim I2C bus: a supply at {@code busVolts} and a current that
     * follows the daily load curve, through a {@code shuntOhm} shunt.
     */
    record Ina219(double busVolts, double baseAmps, double peakAmps, double noise, double shuntOhm)
            implements MeterSpec {
        public static final String TYPE = "ina219";

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

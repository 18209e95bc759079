package org.meternode.hal.sensor;

import org.meternode.hal.AnalogChannel;

/**
 * A 16-bit converter at 860 SPS with two inputs on one time base, each conversion taking 1/SPS: a
 * CT clamp (100 A : 50 mA over 22 ohm) and a mains voltage reference (230 V -> 0.8 V RMS), both
 * biased at 1.65 V, with an optional third harmonic and the current lagging by a set angle.
 */
public final class MainsChip {
    public static final double SPS = 860;
    public static final double TURNS = 2000;
    public static final double BURDEN = 22;
    public static final double VOLTS_PER_VOLT = 230 / 0.8;
    private static final double LSB = 4.096 / 32768;

    private final double mainsHz;
    private final double amps;
    private final double phaseRadians;
    private final double currentHarmonic3;
    private final double volts;
    private final double voltsHarmonic3;
    private double spacingSeconds = 1 / SPS;
    private long conversions;

    /**
     * @param amps                   RMS current (fundamental and harmonic together)
     * @param currentLagDegrees      how far the current lags the voltage (negative: leads)
     * @param currentHarmonic3       third harmonic of the current, as a fraction of its fundamental
     * @param volts                  RMS mains voltage
     * @param voltsHarmonic3         third harmonic of the voltage, as a fraction of its fundamental
     */
    public MainsChip(double mainsHz, double amps, double currentLagDegrees, double currentHarmonic3, double volts,
            double voltsHarmonic3) {
        this.mainsHz = mainsHz;
        this.amps = amps;
        this.phaseRadians = Math.toRadians(currentLagDegrees);
        this.currentHarmonic3 = currentHarmonic3;
        this.volts = volts;
        this.voltsHarmonic3 = voltsHarmonic3;
    }

    private synchronized double next(boolean voltageInput) {
        double t = conversions++ * spacingSeconds + 0.00123;
        double w = 2 * Math.PI * mainsHz * t;
        double value;
        if (voltageInput) {
            double v1 = volts / Math.sqrt(1 + voltsHarmonic3 * voltsHarmonic3);
            double mains = Math.sqrt(2) * v1 * (Math.sin(w) + voltsHarmonic3 * Math.sin(3 * w));
            value = 1.65 + mains / VOLTS_PER_VOLT;
        } else {
            double i1 = amps / Math.sqrt(1 + currentHarmonic3 * currentHarmonic3);
            double primary = Math.sqrt(2) * i1 * (Math.sin(w - phaseRadians)
                    + currentHarmonic3 * Math.sin(3 * (w - phaseRadians)));
            value = 1.65 + primary / TURNS * BURDEN;
        }
        return Math.round(value / LSB) * LSB;
    }

    /**
     * Conversions actually follow each other every {@code seconds} (single-shot conversion time plus
     * bus traffic), while the inputs still report the nominal rate.
     */
    public MainsChip spacedBy(double seconds) {
        this.spacingSeconds = seconds;
        return this;
    }

    /** The clamp's input ({@code false}) or the voltage reference's ({@code true}). */
    public AnalogChannel input(boolean voltageInput) {
        return new AnalogChannel() {
            @Override
            public double readVolts() {
                return next(voltageInput);
            }

            @Override
            public double samplesPerSecond() {
                return SPS;
            }
        };
    }

    /** The true real power: fundamental plus third-harmonic power (shifted by three times the angle). */
    public double realWatts() {
        double i1 = amps / Math.sqrt(1 + currentHarmonic3 * currentHarmonic3);
        double v1 = volts / Math.sqrt(1 + voltsHarmonic3 * voltsHarmonic3);
        return v1 * i1 * (Math.cos(phaseRadians) + voltsHarmonic3 * currentHarmonic3 * Math.cos(3 * phaseRadians));
    }
}

package org.meternode.hal.sensor;

import java.io.IOException;
import java.time.Duration;
import org.meternode.hal.AnalogChannel;

/**
 * A current transformer clamp with a burden resistor on an ADC input. Samples whole mains cycles,
 * removes the DC bias and returns the primary RMS current:
 * {@code Irms = rms(v - mean(v)) / burdenOhm * turnsRatio * calibration}.
 */
public final class CtClamp {
    private final AnalogChannel adc;
    private final double turnsRatio;
    private final double burdenOhm;
    private final int mainsHz;
    private final int cycles;
    private final int samples;
    private final double calibration;

    /**
     * @param turnsRatio primary amps per secondary amp (100 A : 50 mA is 2000)
     * @param mainsHz    50 or 60
     * @param cycles     whole mains cycles per measurement
     */
    public CtClamp(AnalogChannel adc, double turnsRatio, double burdenOhm, int mainsHz, int cycles,
            double calibration) {
        if (turnsRatio <= 0 || burdenOhm <= 0 || mainsHz <= 0 || cycles <= 0) {
            throw new IllegalArgumentException("CT clamp: ratio, burden, mains frequency and cycles must be > 0");
        }
        this.adc = adc;
        this.turnsRatio = turnsRatio;
        this.burdenOhm = burdenOhm;
        this.calibration = calibration;
        this.mainsHz = mainsHz;
        this.cycles = cycles;
        this.samples = Math.max(8, (int) Math.round(adc.samplesPerSecond() * cycles / mainsHz));
    }

    /** The same clamp on the same input with another current multiplier. */
    public CtClamp withCalibration(double newCalibration) {
        return new CtClamp(adc, turnsRatio, burdenOhm, mainsHz, cycles, newCalibration);
    }

    /** Samples taken per measurement. */
    public int samplesPerMeasurement() {
        return samples;
    }

    public double measureAmpsRms() throws IOException {
        double[] volts = new double[samples];
        adc.readVolts(volts);
        return acRms(volts) / burdenOhm * turnsRatio * calibration;
    }

    /**
     * Apparent power from an RMS current and the nominal mains voltage: {@code S = Irms * Vnominal},
     * in VA. A clamp sees current only, so this is not active power: it ignores power factor and
     * the real voltage's deviation from nominal.
     */
    public static double apparentPowerVa(double ampsRms, double nominalVolts) {
        if (!(nominalVolts > 0) || !(ampsRms >= 0)) {
            throw new IllegalArgumentException("CT clamp: volts must be > 0 and current >= 0 (volts " + nominalVolts
                    + ", amps " + ampsRms + ")");
        }
        return ampsRms * nominalVolts;
    }

    /**
     * Energy of a constant power over a span, in kilo-units-hours (kWh from W, kVAh from VA): the
     * integration step for powers measured at interval ends, by the trapezoid rule when given the
     * powers at both ends.
     */
    public static double energyKiloHours(double powerAtStart, double powerAtEnd, Duration span) {
        if (span.isNegative()) {
            throw new IllegalArgumentException("CT clamp: negative integration span " + span);
        }
        double hours = span.toNanos() / 3.6e12;
        return (powerAtStart + powerAtEnd) / 2 * hours / 1000;
    }

    /** RMS of the signal after removing its mean (the ADC bias). */
    public static double acRms(double[] volts) {
        double mean = 0;
        for (double v : volts) {
            mean += v;
        }
        mean /= volts.length;
        double sumSquares = 0;
        for (double v : volts) {
            double ac = v - mean;
            sumSquares += ac * ac;
        }
        return Math.sqrt(sumSquares / volts.length);
    }
}

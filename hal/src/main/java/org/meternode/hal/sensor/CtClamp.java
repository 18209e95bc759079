package org.meternode.hal.sensor;

import java.io.IOException;
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

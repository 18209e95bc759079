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

    /** The current multiplier this clamp applies. */
    public double calibration() {
        return calibration;
    }

    /** Samples taken per measurement. */
    public int samplesPerMeasurement() {
        return samples;
    }

    /**
     * Measures current, mains voltage and real power by alternating conversions of this clamp's
     * input and {@code voltage}'s over the same whole mains cycles (both inputs on one converter, or
     * two converters at the same rate).
     */
    public AcPower measureWith(VoltageReference voltage) throws IOException {
        int pairs = wholeCyclePairs(adc.samplesPerSecond(), mainsHz, cycles);
        double[] current = new double[pairs];
        double[] volts = new double[pairs];
        for (int k = 0; k < pairs; k++) {
            current[k] = adc.readVolts();
            volts[k] = voltage.adc().readVolts();
        }
        return AcPower.fromInterleaved(current, volts, turnsRatio / burdenOhm * calibration, voltage.voltsPerVolt());
    }

    /**
     * How many (current, voltage) conversion pairs to take: near {@code cycles} mains cycles, picking
     * within +/-25 % the count whose span is closest to whole cycles (at 860 SPS and 60 Hz, 3 cycles
     * are exactly 43 conversions), since a power sum over a part cycle is off by up to 1/(4 pi cycles).
     */
    static int wholeCyclePairs(double samplesPerSecond, int mainsHz, int cycles) {
        double conversionsPerCycle = samplesPerSecond / mainsHz;
        int target = Math.max(8, (int) Math.round(samplesPerSecond / 2 * cycles / mainsHz));
        int best = target;
        double bestError = partCycle(2.0 * target / conversionsPerCycle);
        for (int p = Math.max(8, target * 3 / 4); p <= target * 5 / 4; p++) {
            double error = partCycle(2.0 * p / conversionsPerCycle);
            if (error < bestError - 1e-9 || (Math.abs(error - bestError) <= 1e-9 && Math.abs(p - target) < Math.abs(best - target))) {
                best = p;
                bestError = error;
            }
        }
        return best;
    }

    private static double partCycle(double cyclesSpanned) {
        return Math.abs(cyclesSpanned - Math.rint(cyclesSpanned));
    }

    /**
     * The mains voltage as an ADC sees it through an AC-AC adapter and a divider.
     *
     * @param adc          the ADC input of the divided adapter voltage
     * @param voltsPerVolt mains volts per volt at the ADC input (calibrated against a multimeter)
     */
    public record VoltageReference(AnalogChannel adc, double voltsPerVolt) {
        public VoltageReference {
            if (!(voltsPerVolt > 0)) {
                throw new IllegalArgumentException("voltage reference: volts-per-volt must be > 0, got " + voltsPerVolt);
            }
        }
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

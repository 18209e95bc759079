package org.meternode.hal.sensor;

/**
 * One mains power measurement from a CT clamp and a voltage reference sampled alternately.
 *
 * @param ampsRms    primary RMS current
 * @param voltsRms   RMS mains voltage
 * @param realWatts  active (real) power, positive when the load draws it
 */
public record AcPower(double ampsRms, double voltsRms, double realWatts) {
    /** Apparent power, Vrms x Irms, in VA. */
    public double apparentVa() {
        return ampsRms * voltsRms;
    }

    /** Real over apparent power; 0 when there is no current. */
    public double powerFactor() {
        double va = apparentVa();
        return va == 0 ? 0 : realWatts / va;
    }

    /**
     * Computes a measurement from alternating conversions: {@code current[k]} was converted between
     * {@code volts[k-1]} and {@code volts[k]}, evenly spaced (whatever the spacing: a single-shot
     * ADC's conversion time plus bus traffic is not exactly 1/SPS). Both lose their DC bias; the
     * voltage at each current sample is the mean of the voltage samples either side of it (wrapping
     * round for the first, so the samples should span whole cycles). That mean is exact in phase but
     * scales a sine by {@code cos(ω·spacing)}; the scale is measured, not assumed, as the RMS of the
     * mean voltages over the RMS of the voltage samples, and the real power divided by it.
     *
     * @param ampsPerVolt  primary amps per volt at the clamp's ADC input (turns / burden x calibration)
     * @param voltsPerVolt mains volts per volt at the voltage reference's ADC input
     */
    public static AcPower fromInterleaved(double[] current, double[] volts, double ampsPerVolt, double voltsPerVolt) {
        if (current.length != volts.length || current.length < 3) {
            throw new IllegalArgumentException("AC power: need the same number (>= 3) of current and voltage samples, got "
                    + current.length + " and " + volts.length);
        }
        int n = current.length;
        double currentBias = mean(current);
        double voltsBias = mean(volts);
        double sumProducts = 0;
        double sumMidSquares = 0;
        for (int k = 0; k < n; k++) {
            double v = (volts[(k + n - 1) % n] + volts[k]) / 2 - voltsBias;
            sumProducts += (current[k] - currentBias) * v;
            sumMidSquares += v * v;
        }
        double voltsRmsAdc = CtClamp.acRms(volts);
        double midRms = Math.sqrt(sumMidSquares / n);
        double attenuation = voltsRmsAdc == 0 ? 1 : midRms / voltsRmsAdc;
        double watts = attenuation == 0 ? 0 : sumProducts / n / attenuation * ampsPerVolt * voltsPerVolt;
        return new AcPower(CtClamp.acRms(current) * ampsPerVolt, voltsRmsAdc * voltsPerVolt, watts);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}

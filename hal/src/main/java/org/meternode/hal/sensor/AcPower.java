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
     * Computes a measurement from alternating conversions: {@code current[k]} was converted at
     * {@code 2k·step}, {@code volts[k]} at {@code (2k+1)·step}. Both lose their DC bias; the voltage at
     * each current sample is the mean of the voltage samples either side of it (wrapping round for
     * the first, so the samples should span whole cycles). That mean is exact
     * in phase but scales a sine by {@code cos(ω·step)}, so the real power is divided by it for the
     * mains fundamental (harmonic power, small on a mains voltage, keeps a small error).
     *
     * @param ampsPerVolt  primary amps per volt at the clamp's ADC input (turns / burden x calibration)
     * @param voltsPerVolt mains volts per volt at the voltage reference's ADC input
     * @param stepSeconds  time between two consecutive conversions
     */
    public static AcPower fromInterleaved(double[] current, double[] volts, double ampsPerVolt, double voltsPerVolt,
            int mainsHz, double stepSeconds) {
        if (current.length != volts.length || current.length < 3) {
            throw new IllegalArgumentException("AC power: need the same number (>= 3) of current and voltage samples, got "
                    + current.length + " and " + volts.length);
        }
        double currentBias = mean(current);
        double voltsBias = mean(volts);
        int n = current.length;
        double sumProducts = 0;
        for (int k = 0; k < n; k++) {
            // Over whole cycles the sample before the first current sample is the last voltage sample.
            double v = (volts[(k + n - 1) % n] + volts[k]) / 2 - voltsBias;
            sumProducts += (current[k] - currentBias) * v;
        }
        double attenuation = Math.cos(2 * Math.PI * mainsHz * stepSeconds);
        double watts = sumProducts / n / attenuation * ampsPerVolt * voltsPerVolt;
        return new AcPower(CtClamp.acRms(current) * ampsPerVolt, CtClamp.acRms(volts) * voltsPerVolt, watts);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}

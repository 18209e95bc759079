package org.meternode.hal;

import java.io.IOException;

/**
 * One ADC input in volts. Consecutive reads are consecutive conversions, paced by the converter at
 * {@link #samplesPerSecond()}, so a caller can sample whole mains cycles by counting reads.
 */
public interface AnalogChannel {
    /** One conversion, in volts at the ADC pin. */
    double readVolts() throws IOException;

    /** The conversion rate the channel runs at. */
    double samplesPerSecond();

    /** Fills {@code volts} with consecutive conversions. */
    default void readVolts(double[] volts) throws IOException {
        for (int i = 0; i < volts.length; i++) {
            volts[i] = readVolts();
        }
    }
}

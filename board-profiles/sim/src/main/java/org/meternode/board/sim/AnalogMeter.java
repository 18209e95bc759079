package org.meternode.board.sim;

import java.time.Instant;

/** A simulated meter wired to an ADC input: the voltage at the ADC pin as a function of virtual time. */
interface AnalogMeter {
    /** The (unquantised) voltage at the ADC pin at {@code t}; the simulated ADC chip converts it. */
    double adcVoltsAt(Instant t);

    /** What the journal records at the first sample of a burst taken at {@code t}. */
    TruthRecord truth(String channel, String pin, Instant t);
}

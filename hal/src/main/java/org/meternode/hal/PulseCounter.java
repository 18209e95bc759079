package org.meternode.hal;

import java.io.IOException;

/**
 * Counts pulses of one input (S0 output, reed contact, optical sensor), debounced by the board.
 * The total is monotonic while the counter is open; a board whose counter survives restarts (kernel
 * counter, simulated meter) may return a total that started before this process.
 */
public interface PulseCounter {
    /** Reads the total now; never blocks for longer than one bus transaction. */
    PulseCount read() throws IOException;
}

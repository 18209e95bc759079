package org.meternode.board.sim;

import java.time.Instant;

/** A simulated meter with a pulse output: its total since the sim epoch is a pure function of virtual time. */
interface PulseMeter {
    /** Pulses from the sim epoch to {@code t}; non-decreasing in {@code t}. */
    long pulsesAt(Instant t);
}

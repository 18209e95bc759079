package org.meternode.board.sim;

import java.io.IOException;
import java.time.Instant;
import org.meternode.hal.PulseCount;
import org.meternode.hal.PulseCounter;

/**
 * Reads a simulated meter's pulse total at the virtual now. The total counts from the sim epoch, so
 * like a kernel counter it survives process restarts. Debounce is accepted and ignored: the sim
 * produces clean pulses.
 */
public final class SimPulseCounter implements PulseCounter {
    private final String channel;
    private final String pin;
    private final PulseMeter meter;
    private final SimBoard board;

    SimPulseCounter(String channel, String pin, PulseMeter meter, SimBoard board) {
        this.channel = channel;
        this.pin = pin;
        this.meter = meter;
        this.board = board;
    }

    @Override
    public PulseCount read() throws IOException {
        board.ensureOpen(channel);
        Instant now = board.clock().instant();
        long total = meter.pulsesAt(now);
        board.record(new TruthRecord(channel, pin, now, TruthRecord.PULSES, total));
        return new PulseCount(total, board.systemInstantAt(now)); // stamped by the node's clock, as on a Pi
    }
}

package org.meternode.board.sim;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.meternode.hal.DigitalOutput;

/** A simulated logic output; tests read what was set with {@link SimBoard#outputLevel(String)}. */
public final class SimDigitalOutput implements DigitalOutput {
    private final String channel;
    private final String pin;
    private final AtomicBoolean level;
    private final SimBoard board;

    SimDigitalOutput(String channel, String pin, AtomicBoolean level, SimBoard board) {
        this.channel = channel;
        this.pin = pin;
        this.level = level;
        this.board = board;
    }

    @Override
    public void set(boolean high) throws IOException {
        board.ensureOpen(channel);
        level.set(high);
        board.record(new TruthRecord(channel, pin, board.clock().instant(), TruthRecord.OUTPUT, high ? 1 : 0));
    }
}

package org.meternode.board.sim;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.meternode.hal.DigitalInput;

/** A simulated logic input; tests set its level with {@link SimBoard#setLevel(String, boolean)}. */
public final class SimDigitalInput implements DigitalInput {
    private final String channel;
    private final String pin;
    private final AtomicBoolean level;
    private final SimBoard board;
    private Boolean lastJournalled;

    SimDigitalInput(String channel, String pin, AtomicBoolean level, SimBoard board) {
        this.channel = channel;
        this.pin = pin;
        this.level = level;
        this.board = board;
    }

    @Override
    public synchronized boolean isHigh() throws IOException {
        board.ensureOpen(channel);
        boolean high = level.get();
        if (lastJournalled == null || lastJournalled != high) {
            lastJournalled = high;
            board.record(new TruthRecord(channel, pin, board.clock().instant(), TruthRecord.LEVEL, high ? 1 : 0));
        }
        return high;
    }
}

package org.meternode.board.sim;

import java.util.ArrayDeque;
import java.util.List;

/** The last {@value #CAPACITY} {@link TruthRecord}s, thread-safe; older ones are dropped. */
final class TruthJournal {
    static final int CAPACITY = 100_000;

    private final ArrayDeque<TruthRecord> records = new ArrayDeque<>();

    synchronized void add(TruthRecord record) {
        if (records.size() == CAPACITY) {
            records.removeFirst();
        }
        records.addLast(record);
    }

    synchronized List<TruthRecord> snapshot() {
        return List.copyOf(records);
    }
}

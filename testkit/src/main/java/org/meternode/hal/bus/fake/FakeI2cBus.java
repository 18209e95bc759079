package org.meternode.hal.bus.fake;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.meternode.hal.chip.model.ModelI2cBus;

/**
 * hal's {@link ModelI2cBus} (chip models at their addresses, NACK where there is none) plus a log of
 * every message, so a driver test can assert the exact bytes on the wire.
 */
public final class FakeI2cBus extends ModelI2cBus {

    /** Which way a message went. */
    public enum Direction { WRITE, READ }

    /** One message on the wire; compares by content. */
    public record Entry(int address, Direction direction, byte[] bytes) {
        public Entry {
            bytes = bytes.clone();
        }

        public static Entry write(int address, int... bytes) {
            return new Entry(address, Direction.WRITE, toBytes(bytes));
        }

        public static Entry read(int address, int... bytes) {
            return new Entry(address, Direction.READ, toBytes(bytes));
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** The bytes as "C3 E3". */
        public String hex() {
            return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && e.address == address && e.direction == direction
                    && Arrays.equals(e.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Objects.hash(address, direction, Arrays.hashCode(bytes));
        }

        @Override
        public String toString() {
            return String.format("%s 0x%02X [%s]", direction == Direction.WRITE ? "W" : "R", address, hex());
        }

        private static byte[] toBytes(int... values) {
            byte[] b = new byte[values.length];
            for (int i = 0; i < values.length; i++) {
                b[i] = (byte) values[i];
            }
            return b;
        }
    }

    private final List<Entry> log = new ArrayList<>();
    private final List<List<Entry>> transactions = new ArrayList<>();

    public FakeI2cBus() {
        this("fake-i2c");
    }

    public FakeI2cBus(String name) {
        super(name);
    }

    /** Every message so far, in order. */
    public synchronized List<Entry> log() {
        return List.copyOf(log);
    }

    /** The messages of each {@link #transaction}, one list per outermost transaction. */
    public synchronized List<List<Entry>> transactions() {
        return transactions.stream().map(List::copyOf).toList();
    }

    public synchronized void clearLog() {
        log.clear();
        transactions.clear();
    }

    @Override
    protected synchronized void sent(int address, boolean write, byte[] bytes, boolean inTransaction) {
        Entry entry = new Entry(address, write ? Direction.WRITE : Direction.READ, bytes);
        log.add(entry);
        if (inTransaction) {
            transactions.get(transactions.size() - 1).add(entry);
        }
    }

    @Override
    protected synchronized void transactionStarted(int address) {
        transactions.add(new ArrayList<>());
    }
}

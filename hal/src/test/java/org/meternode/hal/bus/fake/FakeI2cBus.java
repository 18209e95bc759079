package org.meternode.hal.bus.fake;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.meternode.hal.bus.I2cBus;
import org.meternode.hal.bus.I2cNackException;
import org.meternode.hal.bus.I2cTransaction;

/**
 * An I2C bus with simulated chips at their addresses and a log of every message, so a driver test
 * can assert the exact bytes on the wire. An address with no chip does not acknowledge.
 */
public final class FakeI2cBus implements I2cBus {

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

    private final String name;
    private final Map<Integer, FakeI2cChip> chips = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Entry> log = new ArrayList<>();
    private final List<List<Entry>> transactions = new ArrayList<>();

    public FakeI2cBus() {
        this("fake-i2c");
    }

    public FakeI2cBus(String name) {
        this.name = name;
    }

    /** Puts {@code chip} at {@code address}; returns it for chaining. */
    public <C extends FakeI2cChip> C attach(int address, C chip) {
        checkAddress(address);
        chips.put(address, Objects.requireNonNull(chip, "chip"));
        return chip;
    }

    /** Removes the chip at {@code address}: it stops acknowledging (unplugged, unpowered). */
    public void detach(int address) {
        chips.remove(address);
    }

    /** Every message so far, in order. */
    public List<Entry> log() {
        lock.lock();
        try {
            return List.copyOf(log);
        } finally {
            lock.unlock();
        }
    }

    /** The messages of each {@link #transaction}, one list per outermost transaction. */
    public List<List<Entry>> transactions() {
        lock.lock();
        try {
            return transactions.stream().map(List::copyOf).toList();
        } finally {
            lock.unlock();
        }
    }

    public void clearLog() {
        lock.lock();
        try {
            log.clear();
            transactions.clear();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void writeRead(int address, byte[] out, byte[] in) throws I2cNackException {
        checkAddress(address);
        lock.lock();
        try {
            FakeI2cChip chip = chips.get(address);
            if (chip == null) {
                throw new I2cNackException(name, address);
            }
            if (out.length > 0 || in.length == 0) {
                chip.onWrite(out.clone());
                record(new Entry(address, Direction.WRITE, out));
            }
            if (in.length > 0) {
                byte[] answer = chip.onRead(in.length);
                if (answer.length != in.length) {
                    throw new IllegalStateException(String.format("chip model at 0x%02X answered %d bytes, %d were clocked",
                            address, answer.length, in.length));
                }
                System.arraycopy(answer, 0, in, 0, in.length);
                record(new Entry(address, Direction.READ, answer));
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public <T> T transaction(int address, I2cTransaction<T> work) throws java.io.IOException {
        checkAddress(address);
        lock.lock();
        try {
            if (lock.getHoldCount() == 1) {
                transactions.add(new ArrayList<>());
            }
            return work.run(this);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return name;
    }

    private void record(Entry entry) {
        log.add(entry);
        // Hold count 1 is this writeRead alone; more means it runs inside a transaction.
        if (lock.getHoldCount() > 1) {
            transactions.get(transactions.size() - 1).add(entry);
        }
    }

    private static void checkAddress(int address) {
        if (address < 0 || address > 0x7F) {
            throw new IllegalArgumentException(String.format("not a 7-bit I2C address: 0x%X", address));
        }
    }
}

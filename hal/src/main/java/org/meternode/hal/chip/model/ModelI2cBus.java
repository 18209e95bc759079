package org.meternode.hal.chip.model;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.meternode.hal.bus.I2cBus;
import org.meternode.hal.bus.I2cNackException;
import org.meternode.hal.bus.I2cTransaction;

/**
 * An I2C bus whose devices are {@link I2cChipModel}s at their addresses: the sim board's I2C bus,
 * and the base of the testkit's logging {@code FakeI2cBus}. An address with no chip does not
 * acknowledge; {@link #transaction} holds the bus like a real controller's lock.
 */
public class ModelI2cBus implements I2cBus {
    private final String name;
    private final Map<Integer, I2cChipModel> chips = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();

    public ModelI2cBus(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** Puts {@code chip} at {@code address}; returns it for chaining. */
    public <C extends I2cChipModel> C attach(int address, C chip) {
        checkAddress(address);
        chips.put(address, Objects.requireNonNull(chip, "chip"));
        return chip;
    }

    /** Removes the chip at {@code address}: it stops acknowledging (unplugged, unpowered). */
    public void detach(int address) {
        chips.remove(address);
    }

    @Override
    public void writeRead(int address, byte[] out, byte[] in) throws I2cNackException {
        checkAddress(address);
        lock.lock();
        try {
            I2cChipModel chip = chips.get(address);
            if (chip == null) {
                throw new I2cNackException(name, address);
            }
            // Hold count 1 is this writeRead alone; more means it runs inside a transaction.
            boolean inTransaction = lock.getHoldCount() > 1;
            if (out.length > 0 || in.length == 0) {
                chip.onWrite(out.clone());
                sent(address, true, out.clone(), inTransaction);
            }
            if (in.length > 0) {
                byte[] answer = chip.onRead(in.length);
                if (answer.length != in.length) {
                    throw new IllegalStateException(String.format("chip model at 0x%02X answered %d bytes, %d were clocked",
                            address, answer.length, in.length));
                }
                System.arraycopy(answer, 0, in, 0, in.length);
                sent(address, false, answer, inTransaction);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public <T> T transaction(int address, I2cTransaction<T> work) throws IOException {
        checkAddress(address);
        lock.lock();
        try {
            if (lock.getHoldCount() == 1) {
                transactionStarted(address);
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

    /** Called, holding the bus, for each message a chip took ({@code write}) or answered; for logs. */
    protected void sent(int address, boolean write, byte[] bytes, boolean inTransaction) {
    }

    /** Called, holding the bus, when an outermost {@link #transaction} begins; for logs. */
    protected void transactionStarted(int address) {
    }

    private static void checkAddress(int address) {
        if (address < 0 || address > 0x7F) {
            throw new IllegalArgumentException(String.format("not a 7-bit I2C address: 0x%X", address));
        }
    }
}

package org.meternode.board.pi;

import com.pi4j.exception.Pi4JException;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CConfig;
import com.pi4j.io.i2c.I2CProvider;
import com.pi4j.io.i2c.I2CProviderBase;
import com.pi4j.plugin.mock.provider.i2c.MockI2C;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.meternode.hal.bus.I2cNackException;
import org.meternode.hal.bus.fake.FakeI2cBus;

/**
 * A Pi4J I2C provider whose devices are the chip models on a hal {@link FakeI2cBus}. A missing chip
 * fails the way linuxfs reports a NACK: a Pi4JException caused by the kernel's "Remote I/O error".
 */
final class FakeBusI2CProvider extends I2CProviderBase {
    static final String ID = "fake-bus-i2c";

    private final FakeI2cBus fakeBus;
    private final AtomicInteger combinedMessages = new AtomicInteger();

    FakeBusI2CProvider(FakeI2cBus bus) {
        super(ID, "I2C on hal chip models");
        this.fakeBus = bus;
    }

    @Override
    public I2C create(I2CConfig config) {
        I2C i2c = new ChipI2C(this, config);
        context.registry().add(i2c);
        return i2c;
    }

    /** Write-then-read messages that went out as one combined message (linuxfs I2C_RDWR). */
    int combinedMessages() {
        return combinedMessages.get();
    }

    /** MockI2C for the lock and the bookkeeping; every byte goes to the chip model instead. */
    private final class ChipI2C extends MockI2C {
        ChipI2C(I2CProvider provider, I2CConfig config) {
            super(provider, config);
        }

        @Override
        public int write(byte b) {
            return write(new byte[] {b}, 0, 1);
        }

        @Override
        public int write(byte[] data, int offset, int length) {
            exchange(Arrays.copyOfRange(data, offset, offset + length), new byte[0]);
            return length;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            byte[] in = new byte[length];
            exchange(new byte[0], in);
            System.arraycopy(in, 0, buffer, offset, length);
            return length;
        }

        @Override
        public int readRegister(byte[] register, byte[] buffer, int offset, int length) {
            byte[] in = new byte[length];
            exchange(register.clone(), in);
            combinedMessages.incrementAndGet();
            System.arraycopy(in, 0, buffer, offset, length);
            return length;
        }

        private void exchange(byte[] out, byte[] in) {
            try {
                fakeBus.writeRead(device(), out, in);
            } catch (I2cNackException e) {
                throw new Pi4JException("Failed to execute action for device " + device() + " on bus " + bus(),
                        new IOException("Remote I/O error"));
            }
        }
    }
}

package org.meternode.board.pi;

import com.pi4j.io.spi.Spi;
import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;
import org.meternode.hal.bus.SpiBus;

/**
 * The hal {@link SpiBus} on one Pi4J {@link Spi} (one chip-select line, /dev/spidevB.C on linuxfs):
 * each transfer is one full-duplex frame with the chip selected throughout.
 */
public final class Pi4jSpiBus implements SpiBus {
    private final Spi spi;
    private final String name;
    private final ReentrantLock lock = new ReentrantLock();

    Pi4jSpiBus(Spi spi, int bus, int chipSelect) {
        this.spi = spi;
        this.name = "spidev" + bus + "." + chipSelect;
    }

    @Override
    public void transfer(byte[] out, byte[] in) throws IOException {
        if (out.length != in.length) {
            throw new IllegalArgumentException("SPI is full duplex: out has " + out.length + " bytes, in " + in.length);
        }
        lock.lock();
        try {
            // linuxfs logs a failed ioctl and returns its negative result instead of throwing.
            int result = spi.transfer(out, 0, in, 0, out.length);
            if (result < 0) {
                throw new IOException(name + ": transfer of " + out.length + " bytes failed (ioctl returned " + result + ")");
            }
        } catch (RuntimeException e) {
            throw new IOException(name + ": transfer of " + out.length + " bytes failed: "
                    + GpiodLinuxFsContextFactory.rootMessage(e), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}

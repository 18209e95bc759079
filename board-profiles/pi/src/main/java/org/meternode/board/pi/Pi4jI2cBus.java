package org.meternode.board.pi;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import com.pi4j.library.linuxfs.LinuxFile;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.meternode.hal.bus.I2cBus;
import org.meternode.hal.bus.I2cNackException;
import org.meternode.hal.bus.I2cTransaction;

/**
 * The hal {@link I2cBus} on Pi4J: one Pi4J {@link I2C} per chip address (opened on first use), a
 * write-then-read as one combined message ({@code I2C_RDWR}, repeated start, on linuxfs), and
 * transactions run inside {@link I2C#execute} so they hold Pi4J's bus lock. A bus-wide lock of our
 * own is taken first, so chips at different addresses never interleave whatever the provider.
 */
public final class Pi4jI2cBus implements I2cBus {
    /** errno values the Linux I2C drivers use for a missing ACK: ENXIO and EREMOTEIO. */
    private static final int ENXIO = 6;
    private static final int EREMOTEIO = 121;

    private final Context context;
    private final String provider;
    private final int bus;
    private final String name;
    private final Map<Integer, I2C> devices = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();

    Pi4jI2cBus(Context context, String provider, int bus) {
        this.context = context;
        this.provider = provider;
        this.bus = bus;
        this.name = "i2c-" + bus;
    }

    @Override
    public void writeRead(int address, byte[] out, byte[] in) throws IOException {
        checkAddress(address);
        lock.lock();
        try {
            I2C device = device(address);
            int read;
            if (in.length == 0) {
                device.write(out, 0, out.length);
                return;
            } else if (out.length == 0) {
                read = device.read(in, 0, in.length);
            } else {
                read = device.readRegister(out, in, 0, in.length);
            }
            if (read < in.length) {
                throw new IOException(String.format("%s: read %d of %d bytes from 0x%02X", name, Math.max(read, 0),
                        in.length, address));
            }
        } catch (RuntimeException e) {
            throw failure(address, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public <T> T transaction(int address, I2cTransaction<T> work) throws IOException {
        checkAddress(address);
        lock.lock();
        try {
            Outcome<T> outcome;
            try {
                // Pi4J wraps whatever the callable throws; carry the outcome out instead, so it passes unchanged.
                outcome = device(address).execute(() -> Outcome.of(() -> work.run(this)));
            } catch (RuntimeException e) {
                throw failure(address, e); // Pi4J's own: the bus would not open or its lock timed out
            }
            return outcome.get();
        } finally {
            lock.unlock();
        }
    }

    /** The bus number, N of /dev/i2c-N. */
    public int bus() {
        return bus;
    }

    @Override
    public String toString() {
        return name;
    }

    private I2C device(int address) {
        return devices.computeIfAbsent(address, a -> context.create(I2C.newConfigBuilder(context)
                .id(String.format("meternode-i2c-%d-0x%02x", bus, a))
                .bus(bus)
                .device(a)
                .provider(provider)));
    }

    private IOException failure(int address, RuntimeException e) {
        if (isNack(e)) {
            return (IOException) new I2cNackException(name, address).initCause(e);
        }
        return new IOException(String.format("%s: I/O with 0x%02X failed: %s", name, address,
                GpiodLinuxFsContextFactory.rootMessage(e)), e);
    }

    /** Whether {@code e} comes from a chip that did not acknowledge: errno ENXIO or EREMOTEIO somewhere in the causes. */
    static boolean isNack(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof LinuxFile.LinuxFileException lfe && (lfe.getCode() == ENXIO || lfe.getCode() == EREMOTEIO)) {
                return true;
            }
            // Plain reads and writes on /dev/i2c-N fail with the strerror text only.
            String message = t.getMessage();
            if (t instanceof IOException && message != null
                    && (message.contains("Remote I/O error") || message.contains("No such device or address"))) {
                return true;
            }
        }
        return false;
    }

    private static void checkAddress(int address) {
        if (address < 0 || address > 0x7F) {
            throw new IllegalArgumentException(String.format("not a 7-bit I2C address: 0x%X", address));
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws IOException;
    }

    /** What a transaction's work returned or threw. */
    private record Outcome<T>(T value, Throwable failure) {
        static <T> Outcome<T> of(Work<T> body) {
            try {
                return new Outcome<>(body.run(), null);
            } catch (IOException | RuntimeException | Error e) {
                return new Outcome<>(null, e);
            }
        }

        T get() throws IOException {
            if (failure instanceof IOException e) {
                throw e;
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return value;
        }
    }
}

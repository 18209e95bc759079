package org.meternode.board.pi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.meternode.hal.Watchdog;

/**
 * The Linux watchdog device ({@code /dev/watchdog}, bcm2835-wdt on a Pi): opening it arms the
 * timer, any byte but 'V' feeds it, and writing 'V' just before closing disarms it ("magic close";
 * a kernel built with NOWAYOUT keeps it armed anyway).
 */
final class DevWatchdog implements Watchdog {
    static final byte FEED = '.';
    static final byte MAGIC_CLOSE = 'V';

    private final Path path;
    private final FileChannel device;
    private boolean closed;

    private DevWatchdog(Path path, FileChannel device) {
        this.path = path;
        this.device = device;
    }

    /** Opens (and so arms) the watchdog at {@code path}. */
    static DevWatchdog open(Path path) throws IOException {
        return new DevWatchdog(path, FileChannel.open(path, StandardOpenOption.WRITE));
    }

    @Override
    public synchronized void feed() throws IOException {
        if (closed) {
            throw new IOException("watchdog " + path + " is closed");
        }
        writeByte(FEED);
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (device) {
            writeByte(MAGIC_CLOSE);
        }
    }

    /**
     * A FileChannel closes itself when its thread is interrupted during a write, which would leave the
     * watchdog armed with nobody able to feed or disarm it; so a pending interrupt waits until after.
     */
    private void writeByte(byte b) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            device.write(ByteBuffer.wrap(new byte[] {b}));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "watchdog " + path;
    }
}

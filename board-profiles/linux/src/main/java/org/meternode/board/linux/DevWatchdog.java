package org.meternode.board.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.meternode.hal.Watchdog;

/**
 * The kernel watchdog API ({@code /dev/watchdogN}): opening arms it, each write feeds it, and writing
 * {@code 'V'} just before closing ("magic close") disarms it, unless the kernel was built with
 * {@code CONFIG_WATCHDOG_NOWAYOUT}. Feeds write a byte other than {@code 'V'} so that only
 * {@link #close()} may disarm.
 */
final class DevWatchdog implements Watchdog {
    static final byte FEED = '\n';
    static final byte MAGIC_CLOSE = 'V';

    private final Path device;
    private final FileChannel channel;
    private boolean closed;

    private DevWatchdog(Path device, FileChannel channel) {
        this.device = device;
        this.channel = channel;
    }

    /** Opens (and so arms) the watchdog. */
    static DevWatchdog open(Path device) throws IOException {
        try {
            return new DevWatchdog(device, FileChannel.open(device, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new IOException("opening " + device + " failed: " + e.getMessage()
                    + " (only one process may hold it: is systemd's RuntimeWatchdogSec or a watchdog daemon using it?)",
                    e);
        }
    }

    @Override
    public synchronized void feed() throws IOException {
        if (closed) {
            throw new IOException(device + ": the watchdog is closed");
        }
        write(FEED, "feeding");
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            write(MAGIC_CLOSE, "disarming (magic close)");
        } finally {
            channel.close();
        }
    }

    private void write(byte b, String doing) throws IOException {
        try {
            channel.write(ByteBuffer.wrap(new byte[] {b}));
        } catch (IOException e) {
            throw new IOException(doing + " " + device + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "watchdog " + device;
    }
}

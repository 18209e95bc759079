package org.meternode.board.pi;

import java.io.IOException;

/**
 * A hardware watchdog: once opened it reboots the machine unless fed in time. Not in hal yet; the
 * pi board offers it as an extra ({@link PiBoard#watchdog()}).
 */
public interface Watchdog extends AutoCloseable {
    /** Restarts the hardware countdown. */
    void feed() throws IOException;

    /** Disarms the watchdog where the kernel allows it (magic close) and releases the device. */
    @Override
    void close() throws IOException;
}

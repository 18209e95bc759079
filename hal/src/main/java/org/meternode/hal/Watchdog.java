package org.meternode.hal;

import java.io.IOException;

/**
 * A hardware watchdog: once opened it resets the machine unless fed in time. Boards that have one
 * offer it through {@link Board#watchdog()}; {@link WatchdogKeeper} feeds it while the app is healthy.
 */
public interface Watchdog extends AutoCloseable {
    /** Restarts the hardware countdown. */
    void feed() throws IOException;

    /** Disarms the watchdog where the driver allows it (magic close) and releases the device. */
    @Override
    void close() throws IOException;
}

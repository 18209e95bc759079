package org.meternode.board.linux;

import java.io.IOException;

/**
 * A hardware watchdog that resets the machine unless fed in time. Belongs in hal once a second
 * board offers one; lives here until then.
 */
public interface Watchdog extends AutoCloseable {
    /** Restarts the watchdog's countdown. */
    void feed() throws IOException;

    /** Disarms the watchdog where the driver allows it (magic close) and releases the device. */
    @Override
    void close() throws IOException;
}

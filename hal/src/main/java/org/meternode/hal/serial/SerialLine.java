package org.meternode.hal.serial;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One open serial line (UART, USB serial adapter, pseudo-terminal) as a pair of byte streams.
 * Reads from {@link #input()} wait at most the line's read timeout, fixed when the line was opened,
 * and then throw an {@link java.io.InterruptedIOException}; that is how readers notice a silent
 * meter without a thread of their own. Meter readers depend on this interface only.
 */
public interface SerialLine extends AutoCloseable {
    InputStream input();

    OutputStream output();

    /** Sets baud rate and character framing; takes effect for the next byte sent or received. */
    void configure(SerialSettings settings) throws IOException;

    @Override
    void close();
}

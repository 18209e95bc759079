package org.meternode.hal.meter.wmbus.stick;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * A wireless M-Bus receiver stick on a serial line (IMST iM871A, Amber AMB8465): put it into a receive
 * mode once, then take the radio frames it hears. Damaged or unexpected bytes from the stick never
 * throw: they are dropped, counted in {@link #stats()}, and the reader resynchronises. One thread
 * calls configure and receive; {@link #stats()} may be read from any.
 */
public interface WmbusStick extends AutoCloseable {
    /**
     * Puts the stick into receive mode for {@code mode} and checks its answer.
     *
     * @throws IOException if the stick did not answer in time (the message names the port and the
     *     command) or refused the command
     */
    void configure(WmbusMode mode) throws IOException;

    /**
     * The next radio frame, or empty when none arrived within {@code timeout}.
     *
     * @throws java.io.EOFException if the line reports end of stream (stick unplugged)
     */
    Optional<RadioFrame> receive(Duration timeout) throws IOException;

    /** The stick kind and its port, for logs: {@code iM871A on serial port '/dev/ttyUSB0'}. */
    String describe();

    /** What the stick delivered and what was dropped, and why. */
    WmbusStickStats stats();

    /** Closes the serial line. */
    @Override
    void close();
}

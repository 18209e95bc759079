package org.meternode.hal.serial;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * A {@link SerialLine} on a port opened by path with jSerialComm ({@code /dev/ttyUSB0}, or a socat
 * pseudo-terminal link, which port enumeration does not list). Reads are semi-blocking: they return
 * as soon as one byte is there and throw jSerialComm's {@code SerialPortTimeoutException} (an
 * {@link java.io.InterruptedIOException}) after the read timeout.
 */
public final class JSerialCommLine implements SerialLine {
    private final SerialPort port;
    private final String path;
    private final InputStream input;
    private final OutputStream output;
    private SerialSettings current;

    private JSerialCommLine(SerialPort port, String path, SerialSettings settings) {
        this.port = port;
        this.path = path;
        this.current = settings;
        this.input = port.getInputStream();
        this.output = port.getOutputStream();
    }

    /** Opens the port at {@code path} with the given settings; reads wait at most {@code readTimeout}. */
    public static JSerialCommLine open(String path, SerialSettings settings, Duration readTimeout)
            throws IOException {
        int timeoutMillis = Math.toIntExact(Math.max(1, readTimeout.toMillis()));
        SerialPort port;
        try {
            port = SerialPort.getCommPort(path);
        } catch (SerialPortInvalidPortException e) {
            throw new IOException("serial port '" + path + "' does not exist", e);
        }
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                timeoutMillis, 0);
        applySettings(port, path, settings);
        if (!port.openPort()) {
            throw new IOException("serial port '" + path + "' could not be opened (error "
                    + port.getLastErrorCode() + " at " + port.getLastErrorLocation() + ")");
        }
        return new JSerialCommLine(port, path, settings);
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    /**
     * Applies new settings; a no-op when they equal the current ones, because jSerialComm 2.11.4 fails
     * with EINVAL when identical settings with parity are applied again to a Linux pseudo-terminal.
     */
    @Override
    public void configure(SerialSettings settings) throws IOException {
        if (!settings.equals(current)) {
            applySettings(port, path, settings);
            current = settings;
        }
    }

    @Override
    public void close() {
        port.closePort();
    }

    @Override
    public String toString() {
        return "serial port '" + path + "'";
    }

    private static void applySettings(SerialPort port, String path, SerialSettings settings) throws IOException {
        int parity = switch (settings.parity()) {
            case NONE -> SerialPort.NO_PARITY;
            case EVEN -> SerialPort.EVEN_PARITY;
            case ODD -> SerialPort.ODD_PARITY;
        };
        int stopBits = settings.stopBits() == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT;
        if (!port.setComPortParameters(settings.baud(), settings.dataBits(), stopBits, parity)) {
            throw new IOException("serial port '" + path + "' refused settings " + settings + " (error "
                    + port.getLastErrorCode() + " at " + port.getLastErrorLocation() + ")");
        }
    }
}

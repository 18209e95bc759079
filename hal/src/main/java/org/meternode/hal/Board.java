package org.meternode.hal;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.meternode.hal.serial.JSerialCommLine;
import org.meternode.hal.serial.SerialLine;
import org.meternode.hal.serial.SerialSettings;

/**
 * One opened board: hands out the capabilities the app configured. Each pin may be claimed once;
 * a second claim, an unknown pin or a device that does not answer is a {@link BoardException}
 * naming the channel.
 */
public interface Board extends AutoCloseable {
    /** The profile name this board was opened by ({@code sim}, {@code pi}, {@code linux}). */
    String name();

    Sleeper sleeper();

    /**
     * Whether {@code sleeper().clock()} can timestamp readings yet. By default: once it is past the
     * release floor; boards that know the kernel's sync state override this.
     */
    default ClockSync clockSync() {
        return ClockSync.plausibleAfter(sleeper().clock(), ClockSync.RELEASE_FLOOR);
    }

    PulseCounter pulseCounter(PulseInput input) throws BoardException;

    AnalogChannel analogChannel(String channel, String input) throws BoardException;

    DigitalInput digitalInput(String channel, String pin) throws BoardException;

    DigitalOutput digitalOutput(String channel, String pin) throws BoardException;

    /**
     * A DC power monitor at {@code input} (e.g. {@code ina219@0x40}) with the given shunt, calibrated
     * for currents up to {@code maxAmps}. Boards without one refuse, naming the channel.
     */
    default PowerMonitor powerMonitor(String channel, String input, double shuntOhm, double maxAmps)
            throws BoardException {
        throw new BoardException("channel '" + channel + "': the " + name() + " board has no power monitor input '"
                + input + "'");
    }

    /**
     * The serial port at {@code port} (a device path such as {@code /dev/ttyUSB0}, or a pseudo-terminal
     * link) for {@code channel}, framed by {@code settings}; reads wait at most {@code readTimeout}. By
     * default through jSerialComm; a board may open it another way (the linux board can use stty and
     * plain file I/O where jSerialComm has no native library).
     */
    default SerialLine serialLine(String channel, String port, SerialSettings settings, Duration readTimeout)
            throws IOException {
        return JSerialCommLine.open(port, settings, readTimeout);
    }

    /** The hardware watchdog from the board options, armed once returned; empty when not configured. */
    default Optional<Watchdog> watchdog() throws BoardException {
        return Optional.empty();
    }

    /** The enclosure tamper switch from the board options (high = open); empty when not configured. */
    default Optional<DigitalInput> tamper() throws BoardException {
        return Optional.empty();
    }

    /** The status LED from the board options; empty when not configured. */
    default Optional<DigitalOutput> statusLed() throws BoardException {
        return Optional.empty();
    }

    /** Releases pins and buses; the board is unusable afterwards. */
    @Override
    void close();
}

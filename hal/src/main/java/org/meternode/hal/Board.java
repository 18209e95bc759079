package org.meternode.hal;

/**
 * One opened board: hands out the capabilities the app configured. Each pin may be claimed once;
 * a second claim, an unknown pin or a device that does not answer is a {@link BoardException}
 * naming the channel.
 */
public interface Board extends AutoCloseable {
    /** The profile name this board was opened by ({@code sim}, {@code pi}, {@code linux}). */
    String name();

    Sleeper sleeper();

    PulseCounter pulseCounter(PulseInput input) throws BoardException;

    AnalogChannel analogChannel(String channel, String input) throws BoardException;

    DigitalInput digitalInput(String channel, String pin) throws BoardException;

    DigitalOutput digitalOutput(String channel, String pin) throws BoardException;

    /** Releases pins and buses; the board is unusable afterwards. */
    @Override
    void close();
}

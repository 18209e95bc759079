package org.meternode.board.sim;

import java.io.IOException;
import java.time.Instant;
import org.meternode.hal.AnalogChannel;

/**
 * A simulated ADC input: conversions are done by the hal driver ({@code Ads1115} or {@code Mcp3008})
 * on the sim's bus, against the chip's register model, whose input is the meter's voltage. This class
 * only re-syncs the chip's sample time to the virtual clock before a read (see {@link ChipTimeBase})
 * and journals the truth at the first sample of each burst.
 */
public final class SimAnalogChannel implements AnalogChannel {
    private final String channel;
    private final String pin;
    private final AnalogMeter meter;
    private final ChipTimeBase time;
    private final AnalogChannel driver;
    private final SimBoard board;

    SimAnalogChannel(String channel, String pin, AnalogMeter meter, ChipTimeBase time, AnalogChannel driver,
            SimBoard board) {
        this.channel = channel;
        this.pin = pin;
        this.meter = meter;
        this.time = time;
        this.driver = driver;
        this.board = board;
    }

    @Override
    public double readVolts() throws IOException {
        board.ensureOpen(channel);
        synchronized (time) {
            startBurst(false);
            return driver.readVolts();
        }
    }

    /** One burst: the first conversion is journalled with the truth at its time. */
    @Override
    public void readVolts(double[] volts) throws IOException {
        board.ensureOpen(channel);
        synchronized (time) {
            if (volts.length > 0) {
                startBurst(true);
            }
            driver.readVolts(volts);
        }
    }

    @Override
    public double samplesPerSecond() {
        return driver.samplesPerSecond();
    }

    @Override
    public String toString() {
        return "sim " + pin + " via " + driver;
    }

    private void startBurst(boolean always) {
        boolean resynced = time.resyncTo(board.clock().instant());
        if (resynced || always) {
            Instant t = time.now();
            board.record(meter.truth(channel, pin, t));
        }
    }
}

package org.meternode.board.pi;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.io.IOException;

/** A logic output driven through Pi4J (gpiod on a Pi): status LED, sensor power rail. Starts and ends low. */
public final class Pi4jDigitalOutput implements org.meternode.hal.DigitalOutput {
    private final String holder;
    private final GpioPin pin;
    private final DigitalOutput output;
    private final PiBoard board;

    Pi4jDigitalOutput(String holder, GpioPin pin, DigitalOutput output, PiBoard board) {
        this.holder = holder;
        this.pin = pin;
        this.output = output;
        this.board = board;
    }

    @Override
    public void set(boolean high) throws IOException {
        board.ensureOpen(holder);
        try {
            output.state(high ? DigitalState.HIGH : DigitalState.LOW);
        } catch (RuntimeException e) {
            throw new IOException(holder + ": setting " + pin + (high ? " high" : " low") + " failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return holder + " on " + pin;
    }
}

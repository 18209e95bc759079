package org.meternode.board.pi;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.io.IOException;

/** A logic input read through Pi4J (gpiod on a Pi): tamper switch, meter status line. */
public final class Pi4jDigitalInput implements org.meternode.hal.DigitalInput {
    private final String holder;
    private final GpioPin pin;
    private final DigitalInput input;
    private final PiBoard board;

    Pi4jDigitalInput(String holder, GpioPin pin, DigitalInput input, PiBoard board) {
        this.holder = holder;
        this.pin = pin;
        this.input = input;
        this.board = board;
    }

    @Override
    public boolean isHigh() throws IOException {
        board.ensureOpen(holder);
        DigitalState state;
        try {
            state = input.state();
        } catch (RuntimeException e) {
            throw new IOException(holder + ": reading " + pin + " failed: " + e.getMessage(), e);
        }
        if (state == DigitalState.UNKNOWN) {
            throw new IOException(holder + ": " + pin + " reads neither high nor low");
        }
        return state == DigitalState.HIGH;
    }

    @Override
    public String toString() {
        return holder + " on " + pin;
    }
}

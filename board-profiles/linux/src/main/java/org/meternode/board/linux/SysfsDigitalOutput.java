package org.meternode.board.linux;

import java.io.IOException;
import org.meternode.hal.DigitalOutput;

/**
 * An output driven by writing an attribute: a GPIO's {@code value} ("1"/"0") or an LED's
 * {@code brightness} (its max_brightness/"0").
 */
final class SysfsDigitalOutput implements DigitalOutput {
    private final PinContext pin;
    private final SysfsAttribute attribute;
    private final String highText;
    private final LinuxBoard board;

    SysfsDigitalOutput(PinContext pin, SysfsAttribute attribute, String highText, LinuxBoard board) {
        this.pin = pin;
        this.attribute = attribute;
        this.highText = highText;
        this.board = board;
    }

    @Override
    public void set(boolean high) throws IOException {
        board.ensureOpen(pin);
        try {
            attribute.write(high ? highText : "0");
        } catch (IOException e) {
            throw pin.failed(e);
        }
    }
}

package org.meternode.board.linux;

import java.io.IOException;
import org.meternode.hal.DigitalInput;

/** A GPIO input read from its sysfs {@code value} attribute ("0" or "1"). */
final class SysfsDigitalInput implements DigitalInput {
    private final PinContext pin;
    private final SysfsAttribute value;
    private final LinuxBoard board;

    SysfsDigitalInput(PinContext pin, SysfsAttribute value, LinuxBoard board) {
        this.pin = pin;
        this.value = value;
        this.board = board;
    }

    @Override
    public boolean isHigh() throws IOException {
        board.ensureOpen(pin);
        String text;
        try {
            text = value.read();
        } catch (IOException e) {
            throw pin.failed(e);
        }
        return switch (text) {
            case "1" -> true;
            case "0" -> false;
            default -> throw new IOException(pin.prefix() + ": " + value.path() + ": expected 0 or 1, read \""
                    + text + "\"");
        };
    }
}

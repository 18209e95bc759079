package org.meternode.board.linux;

import java.io.IOException;
import java.nio.file.Path;
import org.meternode.hal.BoardException;

/**
 * Opens an LED of the LED class as an output: on is {@code max_brightness}, off is 0. Any trigger
 * (heartbeat, mmc0, ...) is switched to {@code none} first, so the LED shows what the node sets.
 */
final class LedClassLed {
    private LedClassLed() {
    }

    static SysfsDigitalOutput open(PinContext pin, KernelPaths paths, PinSpec.Led spec, LinuxBoard board)
            throws BoardException {
        Path led = paths.led(spec.name());
        SysfsAttribute brightness = new SysfsAttribute(led.resolve("brightness"));
        if (!brightness.exists()) {
            throw pin.missing(brightness.path(), "is there an LED named '" + spec.name() + "'? (ls "
                    + led.getParent() + ")");
        }
        SysfsAttribute trigger = new SysfsAttribute(led.resolve("trigger"));
        SysfsAttribute max = new SysfsAttribute(led.resolve("max_brightness"));
        try {
            long maxBrightness = max.exists() ? max.readLong() : 1;
            if (trigger.exists()) {
                trigger.write("none");
            }
            return new SysfsDigitalOutput(pin, brightness, Long.toString(Math.max(1, maxBrightness)), board);
        } catch (IOException e) {
            throw pin.unusable(e);
        }
    }
}

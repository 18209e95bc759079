package org.meternode.board.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.meternode.hal.BoardException;
import org.meternode.hal.Sleeper;

/**
 * Makes one legacy sysfs GPIO usable: exports it when {@code gpioN} is missing, waits for udev to
 * give the node access, sets the direction and hands back its {@code value} attribute.
 */
final class SysfsGpioLine {
    /** How long udev may take to fix the new line's group and mode after an export. */
    static final Duration EXPORT_WAIT = Duration.ofSeconds(1);
    static final Duration EXPORT_POLL = Duration.ofMillis(20);

    private SysfsGpioLine() {
    }

    static SysfsAttribute open(PinContext pin, KernelPaths paths, PinSpec.Gpio spec, Sleeper sleeper)
            throws BoardException {
        Path line = paths.gpio(spec.number());
        if (!Files.isDirectory(line)) {
            export(pin, paths, spec, sleeper);
        }
        SysfsAttribute direction = new SysfsAttribute(line.resolve("direction"));
        SysfsAttribute value = new SysfsAttribute(line.resolve("value"));
        if (!value.exists()) {
            throw pin.missing(value.path(), "the GPIO line looks half exported; unexport and retry");
        }
        try {
            if (direction.exists() && !direction.read().equals(spec.direction().sysfs())) {
                direction.write(spec.direction().sysfs());
            }
            value.read();
        } catch (IOException e) {
            throw pin.unusable(e);
        }
        return value;
    }

    private static void export(PinContext pin, KernelPaths paths, PinSpec.Gpio spec, Sleeper sleeper)
            throws BoardException {
        int number = spec.number();
        SysfsAttribute export = new SysfsAttribute(paths.gpioClass().resolve("export"));
        if (!export.exists()) {
            throw pin.missing(export.path(), "is the kernel built with CONFIG_GPIO_SYSFS?");
        }
        try {
            export.write(Integer.toString(number));
        } catch (IOException e) {
            throw new BoardException(pin.prefix() + ": " + paths.gpio(number) + " does not exist and exporting it "
                    + "failed: " + e.getMessage() + " (is the number right for this kernel's gpiochip base, or does "
                    + "a driver own the line?)", e);
        }
        Path value = paths.gpio(number).resolve("value");
        Instant deadline = sleeper.clock().instant().plus(EXPORT_WAIT);
        try {
            while (!accessible(value, spec.direction())) {
                if (!sleeper.clock().instant().isBefore(deadline)) {
                    throw new BoardException(pin.prefix() + ": wrote " + number + " to " + export.path() + " but "
                            + value + " was not accessible within " + EXPORT_WAIT.toMillis()
                            + " ms (check the udev rule that gives the gpio group access)");
                }
                sleeper.sleepUntil(sleeper.clock().instant().plus(EXPORT_POLL));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BoardException(pin.prefix() + ": interrupted while waiting for " + value);
        }
    }

    private static boolean accessible(Path value, PinSpec.Direction direction) {
        return Files.isReadable(value) && (direction == PinSpec.Direction.IN || Files.isWritable(value));
    }
}

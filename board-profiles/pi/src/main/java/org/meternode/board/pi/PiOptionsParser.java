package org.meternode.board.pi;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.meternode.hal.AnalogInput;
import org.meternode.hal.BoardException;
import org.meternode.hal.BoardOptionReader;
import org.meternode.hal.BoardOptions;

/**
 * Reads {@code board-options} into {@link PiOptions}. Each key, its default and its bounds are
 * declared here once; the README's options table mirrors this file.
 */
final class PiOptionsParser {
    static final String GPIOCHIP = "gpiochip";
    static final String I2C_BUS = "i2c-bus";
    static final String SPI_BUS = "spi-bus";
    static final String SPI_CHIP_SELECT = "spi-chip-select";
    static final String WATCHDOG = "watchdog";
    static final String TAMPER = "tamper";
    static final String STATUS_LED = "status-led";
    static final List<String> KEYS = List.of(GPIOCHIP, I2C_BUS, SPI_BUS, SPI_CHIP_SELECT, WATCHDOG, TAMPER, STATUS_LED);

    static final int DEFAULT_I2C_BUS = 1;
    static final int DEFAULT_SPI_BUS = 0;
    static final int DEFAULT_SPI_CHIP_SELECT = 0;
    /** Pi4J's SpiBus and SpiChipSelect enums end at BUS_6 and CS_10. */
    static final int MAX_SPI_BUS = 6;
    static final int MAX_SPI_CHIP_SELECT = AnalogInput.MAX_CHIP_SELECT;

    private static final String AUTO = "auto";
    private static final Pattern CHIP = Pattern.compile("(?:/dev/)?(?:gpiochip)?(\\d{1,3})");

    private PiOptionsParser() {
    }

    static PiOptions parse(BoardOptions options) throws BoardException {
        BoardOptionReader map = BoardOptionReader.root(options);
        map.allowOnly(KEYS);
        Optional<String> chip = gpioChip(map);
        int i2cBus = map.intOr(I2C_BUS, DEFAULT_I2C_BUS, 0, 255, "the N of /dev/i2c-N");
        int spiBus = map.intOr(SPI_BUS, DEFAULT_SPI_BUS, 0, MAX_SPI_BUS, "the B of /dev/spidevB.C");
        int chipSelect = map.intOr(SPI_CHIP_SELECT, DEFAULT_SPI_CHIP_SELECT, 0, MAX_SPI_CHIP_SELECT,
                "the C of /dev/spidevB.C");
        Optional<Path> watchdog = map.textOrWholeNumber(WATCHDOG, "must be a device path like /dev/watchdog").map(Path::of);
        if (watchdog.isPresent() && !watchdog.get().isAbsolute()) {
            throw map.error(WATCHDOG, "must be an absolute device path like /dev/watchdog", watchdog.get().toString());
        }
        Optional<GpioPin> tamper = pin(map, TAMPER);
        Optional<GpioPin> statusLed = pin(map, STATUS_LED);
        return new PiOptions(chip, i2cBus, spiBus, chipSelect, watchdog, tamper, statusLed);
    }

    /** {@code auto} (or absent) is empty; {@code gpiochip4}, {@code /dev/gpiochip4} and {@code 4} mean gpiochip4. */
    private static Optional<String> gpioChip(BoardOptionReader map) throws BoardException {
        String rule = "must be auto, gpiochipN, /dev/gpiochipN or a chip number N";
        Optional<String> text = map.textOrWholeNumber(GPIOCHIP, rule);
        if (text.isEmpty() || text.get().equalsIgnoreCase(AUTO)) {
            return Optional.empty();
        }
        Matcher m = CHIP.matcher(text.get());
        if (!m.matches()) {
            throw map.error(GPIOCHIP, rule, text.get());
        }
        return Optional.of("gpiochip" + Integer.parseInt(m.group(1)));
    }

    private static Optional<GpioPin> pin(BoardOptionReader map, String key) throws BoardException {
        String rule = "must be a pin; " + GpioPin.RULE;
        Optional<String> text = map.textOrWholeNumber(key, rule);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<GpioPin> pin = GpioPin.parse(text.get());
        if (pin.isEmpty()) {
            throw new BoardException(map.where(key) + ": pin \"" + text.get()
                    + "\" is not a Raspberry Pi header GPIO; " + GpioPin.RULE);
        }
        return pin;
    }
}

package org.meternode.board.pi;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The pi board's options, validated.
 *
 * @param gpioChip       gpiod chip name ({@code gpiochip4}); empty lets Pi4J pick the chip labelled pinctrl
 * @param i2cBus         N of /dev/i2c-N for ADS1115 inputs
 * @param spiBus         B of /dev/spidevB.C for MCP3008 inputs
 * @param spiChipSelect  C of /dev/spidevB.C when an input does not name one
 * @param watchdog       watchdog device; empty leaves the hardware watchdog alone
 * @param tamper         tamper switch input
 * @param statusLed      status LED output
 */
record PiOptions(Optional<String> gpioChip, int i2cBus, int spiBus, int spiChipSelect, Optional<Path> watchdog,
        Optional<GpioPin> tamper, Optional<GpioPin> statusLed) {
    PiOptions {
        Objects.requireNonNull(gpioChip, "gpioChip");
        Objects.requireNonNull(watchdog, "watchdog");
        Objects.requireNonNull(tamper, "tamper");
        Objects.requireNonNull(statusLed, "statusLed");
    }

    /** Everything at its default. */
    static PiOptions defaults() {
        return new PiOptions(Optional.empty(), PiOptionsParser.DEFAULT_I2C_BUS, PiOptionsParser.DEFAULT_SPI_BUS,
                PiOptionsParser.DEFAULT_SPI_CHIP_SELECT, Optional.empty(), Optional.empty(), Optional.empty());
    }
}

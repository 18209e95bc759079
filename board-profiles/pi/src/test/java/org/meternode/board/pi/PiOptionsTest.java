package org.meternode.board.pi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.BoardException;
import org.meternode.hal.BoardOptions;

class PiOptionsTest {
    @TempDir
    Path stateDir;

    /** The locator shows that messages use BoardOptions.where, as the app's "file:line" text would. */
    private PiOptions parse(Map<String, Object> values) throws BoardException {
        return PiOptionsParser.parse(new BoardOptions(values, stateDir, key -> "board-options." + key + " (node.yaml:4)"));
    }

    private void refused(Map<String, Object> values, String message) {
        assertThatThrownBy(() -> parse(values)).isInstanceOf(BoardException.class).hasMessage(message);
    }

    @Test
    void defaults_are_those_documented() throws Exception {
        assertThat(parse(Map.of())).isEqualTo(PiOptions.defaults());
        assertThat(PiOptions.defaults()).isEqualTo(new PiOptions(Optional.empty(), 1, 0, 0, Optional.empty(),
                Optional.empty(), Optional.empty()));
    }

    @Test
    void every_option_is_read() throws Exception {
        PiOptions options = parse(Map.of("gpiochip", "gpiochip4", "i2c-bus", 3, "spi-bus", 1, "spi-chip-select", 2,
                "watchdog", "/dev/watchdog", "tamper", "GPIO22", "status-led", 24));
        assertThat(options).isEqualTo(new PiOptions(Optional.of("gpiochip4"), 3, 1, 2, Optional.of(Path.of("/dev/watchdog")),
                Optional.of(new GpioPin(22)), Optional.of(new GpioPin(24))));
    }

    @Test
    void gpiochip_takes_auto_a_name_a_device_or_a_number() throws Exception {
        assertThat(parse(Map.of("gpiochip", "auto")).gpioChip()).isEmpty();
        assertThat(parse(Map.of("gpiochip", "gpiochip0")).gpioChip()).contains("gpiochip0");
        assertThat(parse(Map.of("gpiochip", "/dev/gpiochip4")).gpioChip()).contains("gpiochip4");
        assertThat(parse(Map.of("gpiochip", 4)).gpioChip()).contains("gpiochip4");
    }

    @Test
    void a_bad_gpiochip_is_named() {
        refused(Map.of("gpiochip", "rp1"), "board-options.gpiochip (node.yaml:4): must be auto, gpiochipN, "
                + "/dev/gpiochipN or a chip number N, got \"rp1\"");
    }

    @Test
    void unknown_keys_are_refused_with_the_known_ones_listed() {
        refused(Map.of("i2c", 1), "board-options.i2c (node.yaml:4): unknown key (known here: gpiochip, i2c-bus, "
                + "spi-bus, spi-chip-select, status-led, tamper, watchdog)");
    }

    @Test
    void bus_numbers_are_checked() {
        refused(Map.of("i2c-bus", "one"), "board-options.i2c-bus (node.yaml:4): must be a whole number 0..255 "
                + "(the N of /dev/i2c-N), got \"one\"");
        refused(Map.of("spi-bus", 7), "board-options.spi-bus (node.yaml:4): must be a whole number 0..6 "
                + "(the B of /dev/spidevB.C), got 7");
        refused(Map.of("spi-chip-select", -1), "board-options.spi-chip-select (node.yaml:4): must be a whole number "
                + "0..10 (the C of /dev/spidevB.C), got -1");
        refused(Map.of("i2c-bus", 1.5), "board-options.i2c-bus (node.yaml:4): must be a whole number 0..255 "
                + "(the N of /dev/i2c-N), got 1.5");
    }

    @Test
    void the_watchdog_must_be_an_absolute_path() {
        refused(Map.of("watchdog", "watchdog0"), "board-options.watchdog (node.yaml:4): must be an absolute device "
                + "path like /dev/watchdog, got \"watchdog0\"");
        refused(Map.of("watchdog", true), "board-options.watchdog (node.yaml:4): must be a device path like "
                + "/dev/watchdog, got true");
    }

    @Test
    void option_pins_outside_the_header_are_named() {
        refused(Map.of("tamper", "GPIO40"), "board-options.tamper (node.yaml:4): pin \"GPIO40\" is not a Raspberry Pi "
                + "header GPIO; use GPIO0..GPIO27 or a BCM number 0..27");
        refused(Map.of("status-led", "LED0"), "board-options.status-led (node.yaml:4): pin \"LED0\" is not a "
                + "Raspberry Pi header GPIO; use GPIO0..GPIO27 or a BCM number 0..27");
    }

    @Test
    void pins_parse_by_name_or_bcm_number() {
        assertThat(GpioPin.parse("GPIO17")).contains(new GpioPin(17));
        assertThat(GpioPin.parse("gpio4")).contains(new GpioPin(4));
        assertThat(GpioPin.parse(" 27 ")).contains(new GpioPin(27));
        assertThat(GpioPin.parse("28")).isEmpty();
        assertThat(GpioPin.parse("GPIO")).isEmpty();
        assertThat(GpioPin.parse("BCM17")).isEmpty();
        assertThat(new GpioPin(17)).hasToString("GPIO17");
    }
}

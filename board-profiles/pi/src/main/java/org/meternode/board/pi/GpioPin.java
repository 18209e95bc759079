package org.meternode.board.pi;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GPIO on the Raspberry Pi 40-pin header by its BCM number (0..27), written {@code GPIO17} or
 * {@code 17} in config. The same numbers name the lines of the gpiod chip on every Pi model.
 */
record GpioPin(int bcm) {
    static final int MAX_BCM = 27;
    static final String RULE = "use GPIO0..GPIO" + MAX_BCM + " or a BCM number 0.." + MAX_BCM;
    private static final Pattern SYNTAX = Pattern.compile("(?i)(?:GPIO)?(\\d{1,2})");

    GpioPin {
        if (bcm < 0 || bcm > MAX_BCM) {
            throw new IllegalArgumentException("not a header GPIO: " + bcm);
        }
    }

    /** {@code GPIO17}, {@code gpio17} or {@code 17}; empty for anything else or a number outside 0..27. */
    static Optional<GpioPin> parse(String text) {
        Matcher m = SYNTAX.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        int bcm = Integer.parseInt(m.group(1));
        return bcm <= MAX_BCM ? Optional.of(new GpioPin(bcm)) : Optional.empty();
    }

    /** The canonical name, {@code GPIO17}. */
    @Override
    public String toString() {
        return "GPIO" + bcm;
    }
}

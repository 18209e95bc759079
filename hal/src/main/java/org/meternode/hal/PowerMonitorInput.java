package org.meternode.hal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A power monitor chip as written in a channel's config: {@code ina219@0x40} (I2C address on the
 * board's I2C bus; {@code ina219} alone means 0x40, all four address straps low).
 */
public record PowerMonitorInput(int address) {
    public static final String USAGE = "use ina219@0x40 (I2C address 0x40..0x4F)";
    public static final int DEFAULT_ADDRESS = 0x40;
    private static final Pattern INA219 = Pattern.compile("ina219(?:@(0x[0-9a-f]{1,2}|\\d{1,3}))?");

    /** {@code ina219@0x40}. */
    public String canonical() {
        return String.format("ina219@0x%02X", address);
    }

    /** Parses {@code text}; errors start with {@code holder} ({@code channel 'battery'}, or an option key). */
    public static PowerMonitorInput parse(String holder, String text) throws BoardException {
        Matcher m = INA219.matcher(text.trim().toLowerCase(Locale.ROOT));
        String prefix = holder + ": power monitor input '" + text + "'";
        if (!m.matches()) {
            throw new BoardException(prefix + " is not understood; " + USAGE);
        }
        int address = m.group(1) == null ? DEFAULT_ADDRESS : Integer.decode(m.group(1));
        if (address < 0x40 || address > 0x4F) {
            throw new BoardException(prefix + ": INA219 address must be 0x40..0x4F (A0/A1 straps)");
        }
        return new PowerMonitorInput(address);
    }
}

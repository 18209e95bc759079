package org.meternode.hal;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.meternode.hal.chip.Ads1115;

/**
 * An ADC input as written in a channel's config, the same on every board that has the chips:
 * {@code ads1115@0x48/A0} (I2C address on the board's I2C bus) or {@code mcp3008@0/ch3} (chip select
 * on the board's SPI bus). The {@code @...} part may be left out: ADS1115 then means 0x48, MCP3008
 * the board's default chip select.
 */
public sealed interface AnalogInput {
    String USAGE = "use ads1115@0x48/A0 (I2C) or mcp3008@0/ch3 (SPI)";
    /** Highest SPI chip select an input may name (the C of /dev/spidevB.C). */
    int MAX_CHIP_SELECT = 10;

    /** The text that identifies the input, for claims and messages: {@code ads1115@0x48/A0}, {@code mcp3008@0/ch3}. */
    String canonical();

    /** One of the four single-ended ADS1115 inputs. */
    record Ads1115Input(int address, int ain) implements AnalogInput {
        /** The multiplexer setting for this input against GND. */
        public Ads1115.Input input() {
            return Ads1115.Input.values()[Ads1115.Input.AIN0.ordinal() + ain];
        }

        @Override
        public String canonical() {
            return String.format("ads1115@0x%02X/A%d", address, ain);
        }
    }

    /** One of the eight single-ended MCP3008 channels. */
    record Mcp3008Input(int chipSelect, int channel) implements AnalogInput {
        @Override
        public String canonical() {
            return "mcp3008@" + chipSelect + "/ch" + channel;
        }
    }

    /**
     * Parses {@code text}; errors start with {@code holder} ({@code channel 'mains'}, or an option
     * key) and name the input.
     */
    static AnalogInput parse(String holder, String text, int defaultChipSelect) throws BoardException {
        return parseChip(holder, text, defaultChipSelect).orElseThrow(() -> new BoardException(
                prefix(holder, text) + " is not understood; " + USAGE));
    }

    /**
     * Like {@link #parse}, but empty when {@code text} names neither chip at all (a board's own
     * input name such as {@code A0}); a text that names a chip but a wrong address or input fails.
     */
    static Optional<AnalogInput> parseChip(String holder, String text, int defaultChipSelect)
            throws BoardException {
        String lower = text.trim().toLowerCase(Locale.ROOT);
        Matcher ads = Patterns.ADS1115.matcher(lower);
        if (ads.matches()) {
            int address = ads.group(1) == null ? Ads1115.ADDRESS_GND : Integer.decode(ads.group(1));
            int ain = Integer.parseInt(ads.group(2));
            if (address < 0x48 || address > 0x4B) {
                throw new BoardException(prefix(holder, text)
                        + ": ADS1115 address must be 0x48..0x4B (ADDR pin to GND, VDD, SDA or SCL)");
            }
            if (ain > 3) {
                throw new BoardException(prefix(holder, text) + ": ADS1115 inputs are A0..A3");
            }
            return Optional.of(new Ads1115Input(address, ain));
        }
        Matcher mcp = Patterns.MCP3008.matcher(lower);
        if (mcp.matches()) {
            int chipSelect = mcp.group(1) == null ? defaultChipSelect : Integer.parseInt(mcp.group(1));
            int ch = Integer.parseInt(mcp.group(2));
            if (chipSelect > MAX_CHIP_SELECT) {
                throw new BoardException(prefix(holder, text) + ": chip select must be 0.." + MAX_CHIP_SELECT);
            }
            if (ch > 7) {
                throw new BoardException(prefix(holder, text) + ": MCP3008 channels are ch0..ch7");
            }
            return Optional.of(new Mcp3008Input(chipSelect, ch));
        }
        if (lower.startsWith("ads1115") || lower.startsWith("mcp3008")) {
            throw new BoardException(prefix(holder, text) + " is not understood; " + USAGE);
        }
        return Optional.empty();
    }

    private static String prefix(String holder, String text) {
        return holder + ": analog input '" + text + "'";
    }

    /** The input name grammars, lower case. */
    final class Patterns {
        static final Pattern ADS1115 = Pattern.compile("ads1115(?:@(0x[0-9a-f]{1,2}|\\d{1,3}))?/a(?:in)?(\\d)");
        static final Pattern MCP3008 = Pattern.compile("mcp3008(?:@(\\d{1,2}))?/ch(\\d)");

        private Patterns() {
        }
    }
}

package org.meternode.board.pi;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.meternode.hal.BoardException;
import org.meternode.hal.chip.Ads1115;

/**
 * An ADC input as written in a channel's config: {@code ads1115@0x48/A0} (I2C address on the
 * board's I2C bus) or {@code mcp3008@0/ch3} (chip select on the board's SPI bus). The {@code @...}
 * part may be left out: ADS1115 then means 0x48, MCP3008 the {@code spi-chip-select} option.
 */
sealed interface AnalogInput {
    String USAGE = "use ads1115@0x48/A0 (I2C) or mcp3008@0/ch3 (SPI)";

    /** The text that identifies the input, for claims and messages. */
    String canonical();

    /** One of the four single-ended ADS1115 inputs. */
    record Ads1115Input(int address, int ain) implements AnalogInput {
        Ads1115.Input input() {
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

    Pattern ADS1115 = Pattern.compile("ads1115(?:@(0x[0-9a-f]{1,2}|\\d{1,3}))?/a(?:in)?(\\d)");
    Pattern MCP3008 = Pattern.compile("mcp3008(?:@(\\d{1,2}))?/ch(\\d)");

    /** Parses {@code text} for {@code channel}; errors name the channel and the input. */
    static AnalogInput parse(String channel, String text, int defaultChipSelect) throws BoardException {
        String lower = text.trim().toLowerCase(Locale.ROOT);
        String prefix = "channel '" + channel + "': analog input '" + text + "'";
        Matcher ads = ADS1115.matcher(lower);
        if (ads.matches()) {
            int address = ads.group(1) == null ? Ads1115.ADDRESS_GND : Integer.decode(ads.group(1));
            int ain = Integer.parseInt(ads.group(2));
            if (address < 0x48 || address > 0x4B) {
                throw new BoardException(prefix + ": ADS1115 address must be 0x48..0x4B (ADDR pin to GND, VDD, SDA or SCL)");
            }
            if (ain > 3) {
                throw new BoardException(prefix + ": ADS1115 inputs are A0..A3");
            }
            return new Ads1115Input(address, ain);
        }
        Matcher mcp = MCP3008.matcher(lower);
        if (mcp.matches()) {
            int chipSelect = mcp.group(1) == null ? defaultChipSelect : Integer.parseInt(mcp.group(1));
            int ch = Integer.parseInt(mcp.group(2));
            if (chipSelect > PiOptionsParser.MAX_SPI_CHIP_SELECT) {
                throw new BoardException(prefix + ": chip select must be 0.." + PiOptionsParser.MAX_SPI_CHIP_SELECT);
            }
            if (ch > 7) {
                throw new BoardException(prefix + ": MCP3008 channels are ch0..ch7");
            }
            return new Mcp3008Input(chipSelect, ch);
        }
        throw new BoardException(prefix + " is not understood; " + USAGE);
    }
}

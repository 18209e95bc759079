package org.meternode.board.pi;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.meternode.hal.AnalogInput;
import org.meternode.hal.BoardException;
import org.meternode.hal.BoardOptions;
import org.meternode.hal.PinClaims;
import org.meternode.hal.PinUse;
import org.meternode.hal.PowerMonitorInput;

/**
 * The pi board's rules for taking pins and inputs, and who holds which: header GPIO names, ADC and
 * power monitor inputs, one chip kind per I2C address, the pins of I2C bus 1 and SPI bus 0 kept off
 * the channels. It decides and claims, nothing else: {@link PiBoard} asks it before opening
 * anything, and {@code check-config} asks it alone ({@link PiBoardProvider#checkUses}), so both
 * refuse with the same words.
 */
final class PiPins {
    private final PiOptions options;
    private final PinClaims claims = new PinClaims();
    /** Which chip kind answers at each I2C address, and for which channel first: two kinds cannot share one. */
    private final Map<Integer, String> i2cChips = new HashMap<>();
    private final Set<Integer> spiChipSelectsClaimed = new HashSet<>();
    private boolean i2cBusPinsClaimed;
    private boolean spiDataPinsClaimed;

    PiPins(PiOptions options) {
        this.options = options;
    }

    /** Claims the tamper switch and status LED pins of the options, first, as the board does when it opens. */
    void claimOptionPins(BoardOptions where) throws BoardException {
        if (options.tamper().isPresent()) {
            claim(where.where(PiOptionsParser.TAMPER), options.tamper().get());
        }
        if (options.statusLed().isPresent()) {
            claim(where.where(PiOptionsParser.STATUS_LED), options.statusLed().get());
        }
    }

    /** Judges one use as its capability getter does, claiming what it takes. */
    void check(PinUse use) throws BoardException {
        String holder = use.holder();
        switch (use.capability()) {
            case PULSE_COUNTER, DIGITAL_IN, DIGITAL_OUT -> gpio(holder, use.input());
            case ANALOG -> analog(holder, use.input());
            case POWER_MONITOR -> powerMonitor(holder, PowerMonitorInput.parse(holder, use.input()));
        }
    }

    /** The header GPIO {@code text} names (a pulse counter or a logic pin), claimed for {@code holder}. */
    GpioPin gpio(String holder, String text) throws BoardException {
        GpioPin pin = GpioPin.parse(text).orElseThrow(() -> new BoardException(
                holder + ": pin '" + text + "' is not a Raspberry Pi header GPIO; " + GpioPin.RULE));
        claim(holder, pin);
        return pin;
    }

    void claim(String holder, GpioPin pin) throws BoardException {
        claims.claim(holder, "pin", pin.toString());
    }

    /**
     * The ADC input {@code text} names, claimed for {@code holder} with what its chip needs: its I2C
     * address and bus pins (ADS1115), or its SPI chip select and bus pins (MCP3008).
     */
    AnalogInput analog(String holder, String text) throws BoardException {
        AnalogInput parsed = AnalogInput.parse(holder, text, options.spiChipSelect());
        claims.claim(holder, "input", parsed.canonical());
        try {
            switch (parsed) {
                case AnalogInput.Ads1115Input ads -> i2cChip(holder, ads.address(), "ADS1115");
                case AnalogInput.Mcp3008Input mcp -> spiChip(holder, mcp.chipSelect());
            }
        } catch (BoardException e) {
            claims.release(parsed.canonical());
            throw e;
        }
        return parsed;
    }

    /** The power monitor at {@code input}, claimed for {@code holder} with its I2C address and the bus pins. */
    void powerMonitor(String holder, PowerMonitorInput input) throws BoardException {
        claims.claim(holder, "input", input.canonical());
        try {
            i2cChip(holder, input.address(), "INA219");
        } catch (BoardException e) {
            claims.release(input.canonical());
            throw e;
        }
    }

    /** Gives a pin or input back, e.g. after its capability could not be opened. */
    void release(String resource) {
        claims.release(resource);
    }

    /** Refuses a second chip kind at an I2C address another channel's chip already answers at. */
    private void i2cChip(String holder, int address, String kind) throws BoardException {
        String owner = i2cChips.get(address);
        if (owner != null && !owner.startsWith(kind + " ")) {
            throw new BoardException(String.format("%s: %s at I2C address 0x%02X: that address is already the %s",
                    holder, kind, address, owner));
        }
        i2cChips.putIfAbsent(address, kind + " of " + holder);
        if (!i2cBusPinsClaimed && options.i2cBus() == 1) {
            claimBusPins(holder, "I2C bus 1", PiBoard.I2C1_SDA, PiBoard.I2C1_SCL);
        }
        i2cBusPinsClaimed = true;
    }

    private void spiChip(String holder, int chipSelect) throws BoardException {
        if (options.spiBus() != 0) {
            return;
        }
        if (!spiDataPinsClaimed) {
            claimBusPins(holder, "SPI bus 0", PiBoard.SPI0_DATA_PINS);
            spiDataPinsClaimed = true;
        }
        if (chipSelect < PiBoard.SPI0_CHIP_SELECT_PINS.length && !spiChipSelectsClaimed.contains(chipSelect)) {
            claimBusPins(holder, "SPI bus 0 chip select " + chipSelect, PiBoard.SPI0_CHIP_SELECT_PINS[chipSelect]);
            spiChipSelectsClaimed.add(chipSelect);
        }
    }

    /**
     * Keeps channels off the pins a bus uses; the bus keeps them until the board closes. All or
     * nothing: on a conflict the pins claimed so far are released again.
     */
    private void claimBusPins(String holder, String bus, int... bcm) throws BoardException {
        for (int i = 0; i < bcm.length; i++) {
            try {
                claims.claim(bus, "pin", new GpioPin(bcm[i]).toString());
            } catch (BoardException e) {
                for (int j = 0; j < i; j++) {
                    claims.release(new GpioPin(bcm[j]).toString());
                }
                throw new BoardException(holder + ": " + e.getMessage(), e);
            }
        }
    }
}

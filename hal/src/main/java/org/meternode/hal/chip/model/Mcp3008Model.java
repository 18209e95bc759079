package org.meternode.hal.chip.model;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Microchip MCP3008 as its datasheet (DS21295, section 5 and figure 6-1) describes it, clocked bit
 * by bit: leading zeros, a start bit, SGL/DIFF, D2 D1 D0, one sample clock, a low null bit, B9..B0
 * MSB first, then B1..B9 LSB first, then zeros. DOUT is high-impedance until the null bit; here it
 * reads 1 (as with a pull-up), so a driver that does not mask it gets a wrong code.
 *
 * <p>Code = floor(1024 * VIN / VREF) clipped to 0..1023. In differential mode VIN = IN+ - IN-, and
 * IN+ below IN- gives 0 (pseudo-differential, table 5-2). An input may be a fixed voltage or a
 * function of the model's clock, sampled on the sample clock of each frame.
 */
public final class Mcp3008Model implements SpiChipModel {
    private final double vrefVolts;
    private final Clock clock;
    private final InputVoltages ch = new InputVoltages(8);
    private int conversions;

    public Mcp3008Model(double vrefVolts) {
        this(vrefVolts, Clock.systemUTC());
    }

    /** {@code clock} is the time inputs that vary are sampled at. */
    public Mcp3008Model(double vrefVolts, Clock clock) {
        this.vrefVolts = vrefVolts;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public synchronized Mcp3008Model setInput(int channel, double volts) {
        ch.set(channel, volts);
        return this;
    }

    /** Makes CH{@code channel} a voltage that varies with the model's clock. */
    public synchronized Mcp3008Model setInput(int channel, ToDoubleFunction<Instant> volts) {
        ch.set(channel, volts);
        return this;
    }

    /** Conversions sampled so far. */
    public synchronized int conversions() {
        return conversions;
    }

    @Override
    public synchronized byte[] exchange(byte[] mosi) {
        byte[] miso = new byte[mosi.length];
        Frame frame = new Frame();
        for (int i = 0; i < mosi.length * 8; i++) {
            boolean din = (mosi[i / 8] & (0x80 >> (i % 8))) != 0;
            if (frame.clock(din)) {
                miso[i / 8] |= (byte) (0x80 >> (i % 8));
            }
        }
        return miso;
    }

    /** One chip-select-low frame; {@link #clock} returns the DOUT level for each clock. */
    private final class Frame {
        private int afterStart = -1; // clocks since the start bit; -1 while waiting for it
        private boolean singleEnded;
        private int select;
        private int code;

        boolean clock(boolean din) {
            if (afterStart < 0) {
                if (din) {
                    afterStart = 0;
                }
                return true; // Hi-Z
            }
            afterStart++;
            int n = afterStart;
            if (n == 1) {
                singleEnded = din;
                return true;
            }
            if (n <= 4) {
                select = (select << 1) | (din ? 1 : 0); // D2, D1, D0
                return true;
            }
            if (n == 5) {
                code = sample(); // sample period ends on this clock
                conversions++;
                return true;
            }
            if (n == 6) {
                return false; // null bit
            }
            if (n <= 16) {
                return (code >> (16 - n) & 1) != 0; // B9..B0
            }
            if (n <= 25) {
                return (code >> (n - 16) & 1) != 0; // B1..B9, LSB-first repeat
            }
            return false;
        }

        private int sample() {
            Instant at = clock.instant();
            double vin = singleEnded ? ch.at(select, at) : differential(select, at);
            long c = (long) Math.floor(1024 * vin / vrefVolts);
            return (int) Math.max(0, Math.min(1023, c));
        }

        /** Table 5-2: D0 = 0 puts the even channel on IN+, D0 = 1 the odd one. */
        private double differential(int sel, Instant at) {
            int even = sel & 0b110;
            double a = ch.at(even, at);
            double b = ch.at(even + 1, at);
            return (sel & 1) == 0 ? a - b : b - a;
        }
    }
}

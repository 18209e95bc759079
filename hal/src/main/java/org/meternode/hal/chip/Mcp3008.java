package org.meternode.hal.chip;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.meternode.hal.AnalogChannel;
import org.meternode.hal.Sleeper;
import org.meternode.hal.bus.SpiBus;

/**
 * Microchip MCP3008 8-channel 10-bit SAR ADC on SPI (datasheet DS21295): single-ended and
 * pseudo-differential conversions in one 3-byte frame each, code × VREF / 1024 in volts.
 */
public final class Mcp3008 {

    /** Pseudo-differential pairs, D2..D0 with SGL/DIFF = 0 (datasheet table 5-2); IN+ is named first. */
    public enum Pair {
        CH0_CH1(0b000), // CH0 = IN+, CH1 = IN-
        CH1_CH0(0b001), // CH0 = IN-, CH1 = IN+
        CH2_CH3(0b010), // CH2 = IN+, CH3 = IN-
        CH3_CH2(0b011), // CH2 = IN-, CH3 = IN+
        CH4_CH5(0b100), // CH4 = IN+, CH5 = IN-
        CH5_CH4(0b101), // CH4 = IN-, CH5 = IN+
        CH6_CH7(0b110), // CH6 = IN+, CH7 = IN-
        CH7_CH6(0b111); // CH6 = IN-, CH7 = IN+

        private final int bits;

        Pair(int bits) {
            this.bits = bits;
        }

        /** D2..D0. */
        public int bits() {
            return bits;
        }
    }

    /** Pace of channels made by the two-argument constructor: 20 samples per 50 Hz cycle. */
    public static final double DEFAULT_CHANNEL_SAMPLES_PER_SECOND = 1000;

    private static final int SINGLE_ENDED = 0b1000;
    private static final int NULL_BIT = 0x04;

    private final SpiBus bus;
    private final double vrefVolts;
    private final double channelSamplesPerSecond;
    private final Sleeper sleeper;

    public Mcp3008(SpiBus bus, double vrefVolts) {
        this(bus, vrefVolts, DEFAULT_CHANNEL_SAMPLES_PER_SECOND, Sleeper.system());
    }

    /**
     * @param channelSamplesPerSecond the rate {@link #channel} reads are paced at: the chip has no
     *                                clock of its own, it converts when asked
     * @param sleeper                 times that pacing; tests pass virtual time
     */
    public Mcp3008(SpiBus bus, double vrefVolts, double channelSamplesPerSecond, Sleeper sleeper) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        if (!(vrefVolts > 0 && vrefVolts <= 5.5)) {
            throw new IllegalArgumentException("MCP3008: VREF must be in (0, 5.5] V, got " + vrefVolts);
        }
        // 200 ksps is the datasheet maximum at VDD = 5 V.
        if (!(channelSamplesPerSecond > 0 && channelSamplesPerSecond <= 200_000)) {
            throw new IllegalArgumentException("MCP3008: channel rate must be in (0, 200000] SPS, got "
                    + channelSamplesPerSecond);
        }
        this.vrefVolts = vrefVolts;
        this.channelSamplesPerSecond = channelSamplesPerSecond;
    }

    public double vrefVolts() {
        return vrefVolts;
    }

    /**
     * The frame for one conversion with 8-bit SPI transfers (datasheet figure 6-1): seven leading
     * zeros and the start bit, then SGL/DIFF and D2..D0 in the top nibble, then a byte to clock out
     * the rest of the result.
     */
    static byte[] frame(boolean singleEnded, int select) {
        int control = (singleEnded ? SINGLE_ENDED : 0) | select;
        return new byte[] {0x01, (byte) (control << 4), 0x00};
    }

    /** Single-ended conversion of CH{@code channel}: code 0..1023. */
    public int readCode(int channel) throws IOException {
        checkChannel(channel);
        return convert(true, channel, "CH" + channel);
    }

    /** Pseudo-differential conversion; 0 when IN+ is below IN-. */
    public int readCode(Pair pair) throws IOException {
        return convert(false, pair.bits(), pair.name());
    }

    public double readVolts(int channel) throws IOException {
        return volts(readCode(channel));
    }

    public double readVolts(Pair pair) throws IOException {
        return volts(readCode(pair));
    }

    /** Single-ended CH{@code n} as an {@link AnalogChannel}, paced at the configured rate. */
    public AnalogChannel channel(int n) {
        checkChannel(n);
        return new PacedChannel("MCP3008 CH" + n, () -> readVolts(n));
    }

    /** A pseudo-differential pair as an {@link AnalogChannel}, paced at the configured rate. */
    public AnalogChannel channel(Pair pair) {
        Objects.requireNonNull(pair, "pair");
        return new PacedChannel("MCP3008 " + pair, () -> readVolts(pair));
    }

    private double volts(int code) {
        return code * vrefVolts / 1024;
    }

    private int convert(boolean singleEnded, int select, String input) throws IOException {
        byte[] in = new byte[3];
        try {
            bus.transfer(frame(singleEnded, select), in);
        } catch (IOException e) {
            throw new IOException("MCP3008 " + input + ": SPI transfer failed: " + e.getMessage(), e);
        }
        // Everything before the null bit is high-impedance; a set null bit means nobody drove MISO.
        if ((in[1] & NULL_BIT) != 0) {
            throw new IOException(String.format(
                    "MCP3008 %s: null bit not low (MISO read %02X %02X %02X): chip absent or MISO floating",
                    input, in[0] & 0xFF, in[1] & 0xFF, in[2] & 0xFF));
        }
        return (in[1] & 0x03) << 8 | (in[2] & 0xFF);
    }

    private static void checkChannel(int channel) {
        if (channel < 0 || channel > 7) {
            throw new IllegalArgumentException("MCP3008: no channel " + channel + " (0..7)");
        }
    }

    @FunctionalInterface
    private interface VoltsReader {
        double read() throws IOException;
    }

    /** Spaces reads 1/rate apart so consecutive reads are samples at the rate it reports. */
    private final class PacedChannel implements AnalogChannel {
        private final String name;
        private final VoltsReader reader;
        private final Duration period = Duration.ofNanos(Math.round(1e9 / channelSamplesPerSecond));
        private final ReentrantLock lock = new ReentrantLock();
        private Instant next;

        PacedChannel(String name, VoltsReader reader) {
            this.name = name;
            this.reader = reader;
        }

        @Override
        public double readVolts() throws IOException {
            lock.lock();
            try {
                if (next != null) {
                    sleeper.sleepUntil(next);
                }
                Instant now = sleeper.clock().instant();
                next = (next == null || now.isAfter(next) ? now : next).plus(period);
                return reader.read();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(name + ": interrupted while pacing");
            } finally {
                lock.unlock();
            }
        }

        @Override
        public double samplesPerSecond() {
            return channelSamplesPerSecond;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}

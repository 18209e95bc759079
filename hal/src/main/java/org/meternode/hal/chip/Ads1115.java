package org.meternode.hal.chip;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.meternode.hal.AnalogChannel;
import org.meternode.hal.Sleeper;
import org.meternode.hal.bus.I2cBus;

/**
 * TI ADS1115 16-bit delta-sigma ADC on I2C (datasheet SBAS444): single-shot or continuous
 * conversions of one of its four inputs against GND or of a differential pair, scaled to volts by
 * the PGA full-scale range. One instance per chip; it serialises its own channels.
 */
public final class Ads1115 {

    /** The ADDR pin picks one of four addresses (datasheet table "ADDR pin connection"). */
    public static final int ADDRESS_GND = 0x48;

    /** Input multiplexer, MUX[2:0] in the config register (datasheet config register, bits 14:12). */
    public enum Input {
        AIN0_AIN1(0b000), // AINP = AIN0, AINN = AIN1 (reset value)
        AIN0_AIN3(0b001), // AINP = AIN0, AINN = AIN3
        AIN1_AIN3(0b010), // AINP = AIN1, AINN = AIN3
        AIN2_AIN3(0b011), // AINP = AIN2, AINN = AIN3
        AIN0(0b100),      // AINP = AIN0, AINN = GND
        AIN1(0b101),      // AINP = AIN1, AINN = GND
        AIN2(0b110),      // AINP = AIN2, AINN = GND
        AIN3(0b111);      // AINP = AIN3, AINN = GND

        private final int bits;

        Input(int bits) {
            this.bits = bits;
        }

        /** MUX[2:0]. */
        public int bits() {
            return bits;
        }

        public boolean isDifferential() {
            return bits < 0b100;
        }
    }

    /** Full-scale range, PGA[2:0] (datasheet config register bits 11:9 and table "Full-Scale Range and LSB Size"). */
    public enum Gain {
        FSR_6V144(0b000, 6.144), // ±6.144 V, LSB 187.5 µV
        FSR_4V096(0b001, 4.096), // ±4.096 V, LSB 125 µV
        FSR_2V048(0b010, 2.048), // ±2.048 V, LSB 62.5 µV (reset value)
        FSR_1V024(0b011, 1.024), // ±1.024 V, LSB 31.25 µV
        FSR_0V512(0b100, 0.512), // ±0.512 V, LSB 15.625 µV
        FSR_0V256(0b101, 0.256); // ±0.256 V, LSB 7.8125 µV (110 and 111 mean the same)

        private final int bits;
        private final double fullScaleVolts;

        Gain(int bits, double fullScaleVolts) {
            this.bits = bits;
            this.fullScaleVolts = fullScaleVolts;
        }

        /** PGA[2:0]. */
        public int bits() {
            return bits;
        }

        /** The positive full scale; codes run from -FS (0x8000) to +FS - 1 LSB (0x7FFF). */
        public double fullScaleVolts() {
            return fullScaleVolts;
        }

        /** One code step: FSR / 2^15. */
        public double lsbVolts() {
            return fullScaleVolts / 32768;
        }
    }

    /** Output data rate, DR[2:0] (datasheet config register bits 7:5); conversion time is 1/DR. */
    public enum DataRate {
        SPS_8(0b000, 8),     // 8 SPS, 125 ms per conversion
        SPS_16(0b001, 16),   // 16 SPS
        SPS_32(0b010, 32),   // 32 SPS
        SPS_64(0b011, 64),   // 64 SPS
        SPS_128(0b100, 128), // 128 SPS (reset value)
        SPS_250(0b101, 250), // 250 SPS
        SPS_475(0b110, 475), // 475 SPS
        SPS_860(0b111, 860); // 860 SPS, 1.16 ms per conversion

        private final int bits;
        private final int samplesPerSecond;

        DataRate(int bits, int samplesPerSecond) {
            this.bits = bits;
            this.samplesPerSecond = samplesPerSecond;
        }

        /** DR[2:0]. */
        public int bits() {
            return bits;
        }

        public int samplesPerSecond() {
            return samplesPerSecond;
        }

        /** 1/DR: conversions settle in one cycle (datasheet "Output Data Rate and Conversion Time"). */
        public Duration conversionTime() {
            return Duration.ofNanos(Math.round(1e9 / samplesPerSecond));
        }
    }

    /** MODE bit 8: 1 = single-shot (power-down between conversions), 0 = continuous. */
    public enum Mode { SINGLE_SHOT, CONTINUOUS }

    /**
     * One conversion result: the raw code as the chip gave it and what it means.
     *
     * @param code two's-complement code, -32768..32767
     */
    public record Conversion(Input input, Gain gain, int code) {
        public double volts() {
            return code * gain.lsbVolts();
        }

        /** At 0x7FFF or 0x8000 the input was at or beyond full scale, so {@link #volts()} is a bound. */
        public boolean clipped() {
            return code == Short.MAX_VALUE || code == Short.MIN_VALUE;
        }
    }

    private static final int POINTER_CONVERSION = 0b00;
    private static final int POINTER_CONFIG = 0b01;
    private static final int OS = 1 << 15;
    private static final int MODE_SINGLE_SHOT = 1 << 8;
    /** COMP_QUE = 11: comparator off, ALERT/RDY high-impedance (reset value); COMP_MODE/POL/LAT 0. */
    private static final int COMPARATOR_OFF = 0b11;
    /** Polls after the nominal conversion time; with the poll interval this covers 3x 1/DR. */
    static final int MAX_POLLS = 16;

    private final I2cBus bus;
    private final int address;
    private final Gain gain;
    private final DataRate rate;
    private final Sleeper sleeper;
    private final String name;
    private final ReentrantLock lock = new ReentrantLock();

    private Input continuousInput;
    private Instant continuousStart;
    private long lastContinuousConversion;

    public Ads1115(I2cBus bus, int address, Gain gain, DataRate rate) {
        this(bus, address, gain, rate, Sleeper.system());
    }

    /** {@code sleeper} times the waits for conversions; tests pass virtual time. */
    public Ads1115(I2cBus bus, int address, Gain gain, DataRate rate, Sleeper sleeper) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.gain = Objects.requireNonNull(gain, "gain");
        this.rate = Objects.requireNonNull(rate, "rate");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        if (address < 0x48 || address > 0x4B) {
            throw new IllegalArgumentException(String.format(
                    "ADS1115: address 0x%02X is not one of 0x48..0x4B (ADDR to GND, VDD, SDA, SCL)", address));
        }
        this.address = address;
        this.name = String.format("ADS1115 at I2C 0x%02X", address);
    }

    public Gain gain() {
        return gain;
    }

    public DataRate rate() {
        return rate;
    }

    /** The 16-bit config word for {@code input} in {@code mode}, without OS. */
    public int configWord(Input input, Mode mode) {
        return input.bits() << 12 | gain.bits() << 9 | (mode == Mode.SINGLE_SHOT ? MODE_SINGLE_SHOT : 0)
                | rate.bits() << 5 | COMPARATOR_OFF;
    }

    /**
     * One single-shot conversion: writes the config with OS=1, waits 1/DR, polls OS until the chip
     * reports it is done (at most {@value #MAX_POLLS} polls), reads the conversion register.
     */
    public Conversion convert(Input input) throws IOException {
        lock.lock();
        try {
            if (continuousInput != null) {
                stopLocked();
            }
            int config = configWord(input, Mode.SINGLE_SHOT) | OS;
            write(POINTER_CONFIG, config, "starting a single-shot conversion of " + input);
            awaitReady(input);
            return new Conversion(input, gain, (short) read(POINTER_CONVERSION, "reading the " + input + " result"));
        } finally {
            lock.unlock();
        }
    }

    /** {@link #convert} in volts at the input (differential inputs may be negative). */
    public double readVolts(Input input) throws IOException {
        return convert(input).volts();
    }

    /** Starts continuous conversions of {@code input}; the first result is ready after 1/DR. */
    public void startContinuous(Input input) throws IOException {
        lock.lock();
        try {
            write(POINTER_CONFIG, configWord(input, Mode.CONTINUOUS), "starting continuous conversions of " + input);
            continuousInput = input;
            continuousStart = sleeper.clock().instant();
            lastContinuousConversion = 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next conversion in continuous mode: waits until the chip has finished a conversion this
     * instance has not yet returned, then reads it; so consecutive calls are consecutive conversions.
     *
     * @throws IllegalStateException when continuous mode was not started
     */
    public Conversion readContinuous() throws IOException {
        lock.lock();
        try {
            Input input = continuousInput;
            if (input == null) {
                throw new IllegalStateException(name + ": continuous mode not started");
            }
            long period = rate.conversionTime().toNanos();
            long done = Duration.between(continuousStart, sleeper.clock().instant()).toNanos() / period;
            if (done <= lastContinuousConversion) {
                done = lastContinuousConversion + 1;
                sleepUntil(continuousStart.plusNanos(done * period));
            }
            lastContinuousConversion = done;
            return new Conversion(input, gain, (short) read(POINTER_CONVERSION, "reading the " + input + " result"));
        } finally {
            lock.unlock();
        }
    }

    /** Back to single-shot mode: the chip powers down after the conversion under way. */
    public void stopContinuous() throws IOException {
        lock.lock();
        try {
            if (continuousInput != null) {
                stopLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * An {@link AnalogChannel} on {@code input}; {@code samplesPerSecond()} is the data rate. A
     * continuous channel switches the chip to its input on first read (and back, if another
     * channel of this chip took it over meanwhile).
     */
    public AnalogChannel channel(Input input, Mode mode) {
        return new Channel(this, Objects.requireNonNull(input, "input"), Objects.requireNonNull(mode, "mode"));
    }

    @Override
    public String toString() {
        return name;
    }

    private void stopLocked() throws IOException {
        Input input = continuousInput;
        write(POINTER_CONFIG, configWord(input, Mode.SINGLE_SHOT), "stopping continuous conversions of " + input);
        continuousInput = null;
        // The chip finishes the conversion under way before it powers down, and ignores OS=1 until then.
        sleepUntil(sleeper.clock().instant().plus(rate.conversionTime()));
    }

    private void awaitReady(Input input) throws IOException {
        Duration conversion = rate.conversionTime();
        Duration pollInterval = conversion.dividedBy(8);
        Instant start = sleeper.clock().instant();
        sleepUntil(start.plus(conversion));
        for (int poll = 1; poll <= MAX_POLLS; poll++) {
            if ((read(POINTER_CONFIG, "polling the " + input + " conversion") & OS) != 0) {
                return;
            }
            sleepUntil(sleeper.clock().instant().plus(pollInterval));
        }
        throw new IOException(String.format("%s: %s conversion not ready after %d polls (%d ms at %d SPS)",
                name, input, MAX_POLLS, Duration.between(start, sleeper.clock().instant()).toMillis(),
                rate.samplesPerSecond()));
    }

    private Conversion continuousOn(Input input) throws IOException {
        lock.lock();
        try {
            if (continuousInput != input) {
                startContinuous(input);
            }
            return readContinuous();
        } finally {
            lock.unlock();
        }
    }

    private void write(int pointer, int value, String what) throws IOException {
        try {
            bus.writeRegister16(address, pointer, value);
        } catch (IOException e) {
            throw failure(what, e);
        }
    }

    private int read(int pointer, String what) throws IOException {
        try {
            // Always send the pointer: something else may have moved it since our last access.
            return bus.readRegister16(address, pointer);
        } catch (IOException e) {
            throw failure(what, e);
        }
    }

    private IOException failure(String what, IOException cause) {
        return new IOException(name + ": " + what + " failed: " + cause.getMessage(), cause);
    }

    private void sleepUntil(Instant deadline) throws InterruptedIOException {
        try {
            sleeper.sleepUntil(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(name + ": interrupted while waiting for a conversion");
        }
    }

    /** One input of the chip in one mode. */
    private record Channel(Ads1115 chip, Input input, Mode mode) implements AnalogChannel {
        @Override
        public double readVolts() throws IOException {
            return (mode == Mode.SINGLE_SHOT ? chip.convert(input) : chip.continuousOn(input)).volts();
        }

        @Override
        public double samplesPerSecond() {
            return chip.rate.samplesPerSecond();
        }

        @Override
        public String toString() {
            return chip.name + " " + input + " " + mode;
        }
    }
}

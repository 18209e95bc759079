package org.meternode.hal.chip.model;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * TI ADS1115 as its datasheet (SBAS444) describes it, on virtual time: pointer register (00
 * conversion, 01 config, 10 Lo_thresh, 11 Hi_thresh), config register fields OS/MUX/PGA/MODE/DR
 * (reset 0x8583), 16-bit two's-complement conversion results that clip at 0x7FFF/0x8000, and a
 * conversion that takes 1/DR (times an oscillator factor) before OS reads 1 again.
 *
 * <p>Inputs are ideal: the code is the nearest step to (V(AINP) - V(AINN)) / LSB, LSB = FSR / 2^15,
 * with the inputs sampled at the start of the conversion on the model's clock. An input may be a
 * fixed voltage or a function of that time (the sim board's meter waveforms).
 * The comparator and the ALERT/RDY pin are not modelled (thresholds are stored only).
 */
public final class Ads1115Model extends Register16Chip {
    private static final int OS = 1 << 15;
    private static final int MODE = 1 << 8;
    /** FSR per PGA[2:0], datasheet config register table: 110 and 111 are also ±0.256 V. */
    private static final double[] FSR = {6.144, 4.096, 2.048, 1.024, 0.512, 0.256, 0.256, 0.256};
    /** Samples per second per DR[2:0]. */
    private static final int[] SPS = {8, 16, 32, 64, 128, 250, 475, 860};

    private final Clock clock;
    private final InputVoltages ain = new InputVoltages(4);
    private double oscillatorFactor = 1.0;
    private int busyPollsLeft;

    private int config = 0x8583 & ~OS;
    private int conversion;
    private int loThresh = 0x8000;
    private int hiThresh = 0x7FFF;

    /** When the conversion under way ends; null when powered down (single-shot, idle). */
    private Instant convertingUntil;
    private int pendingCode;
    private Instant continuousStart;
    private int singleShots;
    private int ignoredStarts;

    public Ads1115Model(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Sets the voltage at AIN{@code n} against GND. */
    public synchronized Ads1115Model setInput(int n, double volts) {
        ain.set(n, volts);
        return this;
    }

    /** Makes AIN{@code n} a voltage against GND that varies with the model's clock. */
    public synchronized Ads1115Model setInput(int n, ToDoubleFunction<Instant> volts) {
        ain.set(n, volts);
        return this;
    }

    /** Makes conversions take {@code factor} times 1/DR (the internal oscillator is ±10%). */
    public synchronized Ads1115Model oscillatorFactor(double factor) {
        oscillatorFactor = factor;
        return this;
    }

    /** Keeps OS reading 0 (busy) for the next {@code polls} config reads, whatever the time. */
    public synchronized Ads1115Model holdBusyForPolls(int polls) {
        busyPollsLeft = polls;
        return this;
    }

    /** The config register as last written (OS bit as read now). */
    public synchronized int config() {
        return readRegister(1);
    }

    /** Single-shot conversions started so far. */
    public synchronized int singleShots() {
        return singleShots;
    }

    /** OS=1 writes the chip ignored because it was converting. */
    public synchronized int ignoredStarts() {
        return ignoredStarts;
    }

    public synchronized boolean isContinuous() {
        return (config & MODE) == 0;
    }

    @Override
    protected String name() {
        return "ADS1115";
    }

    @Override
    protected boolean isRegister(int pointer) {
        return pointer <= 0b11; // P[7:2] must be 0
    }

    @Override
    protected int readRegister(int pointer) {
        settle();
        return switch (pointer) {
            case 0 -> isContinuous() ? continuousCode() : conversion;
            case 1 -> config | (busyForThisPoll() ? 0 : OS);
            case 2 -> loThresh;
            default -> hiThresh;
        };
    }

    @Override
    protected void writeRegister(int pointer, int value) {
        settle();
        switch (pointer) {
            case 0 -> throw new IllegalStateException("ADS1115 model: the conversion register is read-only");
            case 1 -> writeConfig(value);
            case 2 -> loThresh = value;
            default -> hiThresh = value;
        }
    }

    private void writeConfig(int value) {
        boolean wasContinuous = isContinuous();
        config = value & ~OS;
        Instant now = clock.instant();
        if (isContinuous()) {
            // Assumed: a config write in continuous mode restarts the conversion cycle with the new settings.
            continuousStart = now;
            convertingUntil = null;
            return;
        }
        if (wasContinuous) {
            // Leaving continuous mode: the conversion under way finishes, then the chip powers down.
            convertingUntil = nextContinuousBoundary(now);
            pendingCode = code(now);
        }
        if ((value & OS) != 0) {
            if (convertingUntil != null) {
                ignoredStarts++; // datasheet: OS has no effect while a conversion is ongoing
                return;
            }
            singleShots++;
            pendingCode = code(now); // sampled at the start of the conversion
            convertingUntil = now.plus(period());
        }
    }

    /** Latches a finished single-shot conversion. */
    private void settle() {
        if (convertingUntil != null && busyPollsLeft == 0 && !clock.instant().isBefore(convertingUntil)) {
            conversion = pendingCode;
            convertingUntil = null;
        }
    }

    private boolean busyForThisPoll() {
        if (isContinuous()) {
            return true; // always converting
        }
        if (convertingUntil == null) {
            return false;
        }
        if (busyPollsLeft > 0) {
            busyPollsLeft--;
        }
        return true;
    }

    private int continuousCode() {
        if (clock.instant().isBefore(continuousStart.plus(period()))) {
            return conversion; // first conversion not done yet: the register holds the old result
        }
        conversion = code(clock.instant());
        return conversion;
    }

    private Instant nextContinuousBoundary(Instant now) {
        long periodNanos = period().toNanos();
        long elapsed = Duration.between(continuousStart, now).toNanos();
        return continuousStart.plusNanos((elapsed / periodNanos + 1) * periodNanos);
    }

    private Duration period() {
        return Duration.ofNanos(Math.round(1e9 * oscillatorFactor / SPS[(config >> 5) & 0b111]));
    }

    private int code(Instant at) {
        double fsr = FSR[(config >> 9) & 0b111];
        double volts = differential((config >> 12) & 0b111, at);
        long code = Math.round(volts / fsr * 32768);
        return (int) Math.max(-32768, Math.min(32767, code)) & 0xFFFF;
    }

    /** MUX[2:0], datasheet config register table. */
    private double differential(int mux, Instant at) {
        return switch (mux) {
            case 0b000 -> ain(0, at) - ain(1, at);
            case 0b001 -> ain(0, at) - ain(3, at);
            case 0b010 -> ain(1, at) - ain(3, at);
            case 0b011 -> ain(2, at) - ain(3, at);
            default -> ain(mux - 0b100, at); // 100..111: AIN0..AIN3 against GND
        };
    }

    private double ain(int n, Instant at) {
        return ain.at(n, at);
    }
}

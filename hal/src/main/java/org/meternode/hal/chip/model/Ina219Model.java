package org.meternode.hal.chip.model;

/**
 * TI INA219 as its datasheet (SBOS448) describes it: config (reset 0x399F, RST self-clearing),
 * shunt voltage (10 µV LSB, clipped to the PGA range), bus voltage (bits 15..3, 4 mV LSB, CNVR bit
 * 1, OVF bit 0), and current and power registers computed like the chip:
 * Current = trunc(Shunt × Cal / 4096), Power = trunc(Current × Bus / 5000); both read 0 while the
 * calibration register is 0. OVF is set when either result does not fit its 16-bit register.
 *
 * <p>Conversions are instant: each input change (continuous modes) or mode write (triggered
 * modes) completes one and sets CNVR; reading the power register clears CNVR. Calibration bit 0
 * is not implemented and reads 0. Assumed, not in the datasheet text: power uses the magnitude of
 * the current.
 */
public final class Ina219Model extends Register16Chip {
    private static final int RESET_CONFIG = 0x399F;

    private double shuntVolts;
    private double busVolts;

    private int config = RESET_CONFIG;
    private int shunt;
    private int bus;
    private boolean cnvr;
    private boolean ovf;
    private int power;
    private int current;
    private int calibration;

    /** Sets the drop across the shunt (IN+ minus IN-). */
    public synchronized Ina219Model setShuntVolts(double volts) {
        shuntVolts = volts;
        convertIfContinuous();
        return this;
    }

    /** Sets the voltage at IN- against GND. */
    public synchronized Ina219Model setBusVolts(double volts) {
        busVolts = volts;
        convertIfContinuous();
        return this;
    }

    /** Raw register value as the chip would return it. */
    public synchronized int register(int pointer) {
        return readRegisterQuietly(pointer);
    }

    @Override
    protected String name() {
        return "INA219";
    }

    @Override
    protected boolean isRegister(int pointer) {
        return pointer <= 5;
    }

    @Override
    protected int readRegister(int pointer) {
        int value = readRegisterQuietly(pointer);
        if (pointer == 3) {
            cnvr = false; // datasheet: reading the power register clears CNVR
        }
        return value;
    }

    @Override
    protected void writeRegister(int pointer, int value) {
        switch (pointer) {
            case 0 -> writeConfig(value);
            case 5 -> {
                calibration = value & 0xFFFE;
                compute();
            }
            default -> { } // read-only registers ignore writes
        }
    }

    private int readRegisterQuietly(int pointer) {
        return switch (pointer) {
            case 0 -> config;
            case 1 -> shunt & 0xFFFF;
            case 2 -> (bus << 3) | (cnvr ? 0b10 : 0) | (ovf ? 0b01 : 0);
            case 3 -> power;
            case 4 -> current & 0xFFFF;
            default -> calibration;
        };
    }

    private void writeConfig(int value) {
        if ((value & 0x8000) != 0) {
            config = RESET_CONFIG;
            shunt = bus = power = current = calibration = 0;
            cnvr = ovf = false;
            return;
        }
        config = value;
        cnvr = false;
        if (mode() != 0b000 && mode() != 0b100) {
            convert(); // continuous modes run at once, triggered modes do one conversion
        }
    }

    private int mode() {
        return config & 0b111;
    }

    private void convertIfContinuous() {
        if (mode() >= 0b101) {
            convert();
        }
    }

    private void convert() {
        int limit = 4000 << ((config >> 11) & 0b11);           // ±40 mV × 1, 2, 4, 8 in 10 µV steps
        shunt = clamp(Math.round(shuntVolts / 10e-6), -limit, limit);
        int busFullScale = (config & (1 << 13)) != 0 ? 8000 : 4000; // 32 V or 16 V in 4 mV steps
        bus = clamp(Math.round(busVolts / 4e-3), 0, busFullScale);
        compute();
        cnvr = true;
    }

    private void compute() {
        if (calibration == 0) {
            current = power = 0;
            ovf = false;
            return;
        }
        long i = (long) shunt * calibration / 4096;
        long p = Math.abs(i) * bus / 5000;
        ovf = i > Short.MAX_VALUE || i < Short.MIN_VALUE || p > 0xFFFF;
        current = (int) i & 0xFFFF;
        power = (int) p & 0xFFFF;
    }

    private static int clamp(long v, int min, int max) {
        return (int) Math.max(min, Math.min(max, v));
    }
}

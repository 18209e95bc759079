package org.meternode.hal.chip;

import java.io.IOException;
import java.util.Objects;
import org.meternode.hal.PowerMonitor;
import org.meternode.hal.bus.I2cBus;
import org.meternode.hal.bus.I2cTransaction;

/**
 * TI INA219 current/power monitor on I2C (datasheet SBOS448): programs the calibration register
 * from the shunt and the largest expected current, then reads bus voltage, shunt voltage, and the
 * current and power the chip computes. Configures itself before its first reading.
 */
public final class Ina219 {

    /** Bus voltage full-scale range, BRNG bit 13 (datasheet configuration register). */
    public enum BusRange {
        V16(0, 16.0), // 0 = 16 V FSR
        V32(1, 32.0); // 1 = 32 V FSR (reset value); the pins stand 26 V at most

        private final int bits;
        private final double fullScaleVolts;

        BusRange(int bits, double fullScaleVolts) {
            this.bits = bits;
            this.fullScaleVolts = fullScaleVolts;
        }

        public int bits() {
            return bits;
        }

        public double fullScaleVolts() {
            return fullScaleVolts;
        }
    }

    /** Shunt voltage range, PG[1:0] bits 12:11 (datasheet table "PG Bit Settings"). */
    public enum ShuntRange {
        MV40(0b00, 0.040),  // gain 1, ±40 mV
        MV80(0b01, 0.080),  // gain /2, ±80 mV
        MV160(0b10, 0.160), // gain /4, ±160 mV
        MV320(0b11, 0.320); // gain /8, ±320 mV (reset value)

        private final int bits;
        private final double fullScaleVolts;

        ShuntRange(int bits, double fullScaleVolts) {
            this.bits = bits;
            this.fullScaleVolts = fullScaleVolts;
        }

        public int bits() {
            return bits;
        }

        public double fullScaleVolts() {
            return fullScaleVolts;
        }

        /** The narrowest range that still holds {@code volts} (best resolution). */
        public static ShuntRange covering(double volts) {
            for (ShuntRange range : values()) {
                // Tolerates binary rounding: 0.1 Ω × 3.2 A is 0.32000000000000006 in doubles.
                if (Math.abs(volts) <= range.fullScaleVolts * (1 + 1e-9)) {
                    return range;
                }
            }
            throw new IllegalArgumentException(String.format(
                    "INA219: a shunt drop of %.3f V exceeds the widest range, ±320 mV", volts));
        }
    }

    /**
     * The calibration the chip computes current and power with (datasheet "Programming the
     * Calibration Register"): Cal = trunc(0.04096 / (Current_LSB × R_SHUNT)), Power_LSB =
     * 20 × Current_LSB.
     */
    public record Calibration(double shuntOhm, double currentLsbAmps) {
        /** 0.04096 = internal fixed scaling (10 µV shunt LSB × 4096). */
        private static final double SCALE = 0.04096;

        public Calibration {
            if (!(shuntOhm > 0) || !(currentLsbAmps > 0)) {
                throw new IllegalArgumentException("INA219: shunt and current LSB must be positive: "
                        + shuntOhm + " Ω, " + currentLsbAmps + " A");
            }
            int cal = register(shuntOhm, currentLsbAmps);
            if (cal < 2 || cal > 0xFFFE) {
                throw new IllegalArgumentException(String.format(
                        "INA219: calibration %d does not fit the register (2..65534) for %g Ω at %g A/LSB;"
                                + " choose another current LSB", cal, shuntOhm, currentLsbAmps));
            }
        }

        /**
         * The finest calibration for currents up to {@code maxExpectedAmps}: Current_LSB =
         * max expected current / 2^15 (datasheet equation 2, the minimum LSB).
         */
        public static Calibration forMaxExpectedCurrent(double shuntOhm, double maxExpectedAmps) {
            if (!(maxExpectedAmps > 0)) {
                throw new IllegalArgumentException("INA219: max expected current must be positive: " + maxExpectedAmps);
            }
            return new Calibration(shuntOhm, maxExpectedAmps / 32768);
        }

        /** The calibration register value, trunc(0.04096 / (Current_LSB × R_SHUNT)). */
        public int register() {
            return register(shuntOhm, currentLsbAmps);
        }

        private static int register(double shuntOhm, double currentLsbAmps) {
            double cal = SCALE / (currentLsbAmps * shuntOhm);
            // Guards trunc against binary rounding: 0.04096 / (0.001 × 0.002) must give 20480, not 20479.
            return (int) Math.min(Integer.MAX_VALUE, Math.floor(cal * (1 + 1e-12)));
        }

        /** Power_LSB = 20 × Current_LSB. */
        public double powerLsbWatts() {
            return 20 * currentLsbAmps;
        }

        /**
         * The current LSB the chip really uses: it ignores calibration bit 0, so an odd register
         * value counts one less.
         */
        public double effectiveCurrentLsbAmps() {
            return SCALE / ((register() & 0xFFFE) * shuntOhm);
        }
    }

    /** One consistent set of readings, taken in one bus transaction. */
    public record Reading(double busVolts, double shuntVolts, double amps, double watts) {
    }

    private static final int CONFIG = 0x00;
    private static final int SHUNT_VOLTAGE = 0x01;
    private static final int BUS_VOLTAGE = 0x02;
    private static final int POWER = 0x03;
    private static final int CURRENT = 0x04;
    private static final int CALIBRATION = 0x05;
    /** BADC = SADC = 0011: 12-bit, one sample, 532 µs; MODE = 111: shunt and bus, continuous. */
    private static final int ADC_12BIT_CONTINUOUS = 0b0011 << 7 | 0b0011 << 3 | 0b111;
    private static final int OVF = 0b01;
    private static final double SHUNT_LSB_VOLTS = 10e-6;
    private static final double BUS_LSB_VOLTS = 4e-3;

    private final I2cBus bus;
    private final int address;
    private final BusRange busRange;
    private final ShuntRange shuntRange;
    private final Calibration calibration;
    private final String name;
    private volatile boolean configured;

    /**
     * 32 V bus range, the narrowest shunt range that holds {@code maxExpectedAmps × shuntOhm}, and
     * the finest calibration for that current.
     */
    public Ina219(I2cBus bus, int address, double shuntOhm, double maxExpectedAmps) {
        this(bus, address, BusRange.V32, ShuntRange.covering(shuntOhm * maxExpectedAmps),
                Calibration.forMaxExpectedCurrent(shuntOhm, maxExpectedAmps));
    }

    public Ina219(I2cBus bus, int address, BusRange busRange, ShuntRange shuntRange, Calibration calibration) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.busRange = Objects.requireNonNull(busRange, "busRange");
        this.shuntRange = Objects.requireNonNull(shuntRange, "shuntRange");
        this.calibration = Objects.requireNonNull(calibration, "calibration");
        if (address < 0x40 || address > 0x4F) {
            throw new IllegalArgumentException(String.format(
                    "INA219: address 0x%02X is not one of 0x40..0x4F (A0/A1 straps)", address));
        }
        this.address = address;
        this.name = String.format("INA219 at I2C 0x%02X", address);
    }

    public Calibration calibration() {
        return calibration;
    }

    /** The configuration register value this driver writes. */
    public int configWord() {
        return busRange.bits() << 13 | shuntRange.bits() << 11 | ADC_12BIT_CONTINUOUS;
    }

    /** Writes configuration and calibration; readings do this first if it has not been done. */
    public void configure() throws IOException {
        try {
            bus.transaction(address, b -> {
                b.writeRegister16(address, CONFIG, configWord());
                b.writeRegister16(address, CALIBRATION, calibration.register());
                return null;
            });
        } catch (IOException e) {
            throw failure("writing configuration and calibration", e);
        }
        configured = true;
    }

    /** Voltage at IN- against GND. */
    public double busVolts() throws IOException {
        return inTransaction("reading bus voltage", b -> busVolts(checkedBus(b)));
    }

    /** Drop across the shunt, IN+ minus IN-; negative when current flows backwards. */
    public double shuntVolts() throws IOException {
        return inTransaction("reading shunt voltage", b -> (short) b.readRegister16(address, SHUNT_VOLTAGE) * SHUNT_LSB_VOLTS);
    }

    /** Current through the shunt, from the chip's current register. */
    public double amps() throws IOException {
        return inTransaction("reading current", b -> {
            checkedBus(b);
            return amps(b.readRegister16(address, CURRENT));
        });
    }

    /** Power into the load, from the chip's power register. */
    public double watts() throws IOException {
        return inTransaction("reading power", b -> {
            checkedBus(b);
            return watts(b.readRegister16(address, POWER));
        });
    }

    /** All four readings in one transaction, so they belong to the same conversion. */
    public Reading read() throws IOException {
        return inTransaction("reading", b -> {
            int busRaw = checkedBus(b);
            int shunt = b.readRegister16(address, SHUNT_VOLTAGE);
            int current = b.readRegister16(address, CURRENT);
            int power = b.readRegister16(address, POWER);
            return new Reading(busVolts(busRaw), (short) shunt * SHUNT_LSB_VOLTS, amps(current), watts(power));
        });
    }

    /** This chip as the hal's {@link PowerMonitor}: each read is one {@link #read()} transaction. */
    public PowerMonitor monitor() {
        return new PowerMonitor() {
            @Override
            public Measurement read() throws IOException {
                Reading r = Ina219.this.read();
                return new Measurement(r.busVolts(), r.amps(), r.watts());
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    @Override
    public String toString() {
        return name;
    }

    /** Reads the bus voltage register and fails if the chip flagged a math overflow. */
    private int checkedBus(I2cBus b) throws IOException {
        int raw = b.readRegister16(address, BUS_VOLTAGE);
        if ((raw & OVF) != 0) {
            throw new OverflowException(String.format(
                    "%s: math overflow (OVF set, bus voltage register 0x%04X): current or power is beyond what"
                            + " calibration %d can hold (±%.3f A); raise the max expected current",
                    name, raw, calibration.register(), calibration.effectiveCurrentLsbAmps() * 32768));
        }
        return raw;
    }

    private static double busVolts(int raw) {
        return (raw >>> 3) * BUS_LSB_VOLTS;
    }

    private double amps(int raw) {
        return (short) raw * calibration.effectiveCurrentLsbAmps();
    }

    private double watts(int raw) {
        return raw * 20 * calibration.effectiveCurrentLsbAmps();
    }

    private <T> T inTransaction(String what, I2cTransaction<T> work) throws IOException {
        if (!configured) {
            configure();
        }
        try {
            return bus.transaction(address, work);
        } catch (OverflowException e) {
            throw e;
        } catch (IOException e) {
            throw failure(what, e);
        }
    }

    private IOException failure(String what, IOException cause) {
        return new IOException(name + ": " + what + " failed: " + cause.getMessage(), cause);
    }

    /** Our own, already fully named error; not to be wrapped again. */
    private static final class OverflowException extends IOException {
        OverflowException(String message) {
            super(message);
        }
    }
}

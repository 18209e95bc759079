package org.meternode.board.linux;

import java.io.IOException;
import java.nio.file.Path;
import org.meternode.hal.BoardException;
import org.meternode.hal.PowerMonitor;

/**
 * A power monitor through the kernel's IIO {@code ina2xx} driver (drivers/iio/adc/ina2xx-adc.c):
 * channel 0 is the shunt voltage, 1 the bus voltage, 2 the power, 3 the current; each value is
 * {@code in_<type><n>_raw × in_<type><n>_scale} in mV, mW or mA. Scales are read once at claim time.
 * The shunt is the driver's {@code in_shunt_resistor} (µΩ, from the device tree's
 * {@code shunt-resistor}); when the channel's shunt differs it is written there, and the driver
 * recalibrates the chip.
 */
final class IioPowerMonitor implements PowerMonitor {
    private final PinContext pin;
    private final Quantity bus;
    private final Quantity current;
    private final Quantity power;
    private final LinuxBoard board;

    /** One IIO channel: its raw file and scale to mV, mA or mW. */
    private record Quantity(SysfsAttribute raw, double scale) {
        double read(PinContext pin) throws IOException {
            try {
                return raw.readLong() * scale / 1000.0;
            } catch (IOException e) {
                throw pin.failed(e);
            }
        }
    }

    private IioPowerMonitor(PinContext pin, Quantity bus, Quantity current, Quantity power, LinuxBoard board) {
        this.pin = pin;
        this.bus = bus;
        this.current = current;
        this.power = power;
        this.board = board;
    }

    static IioPowerMonitor open(PinContext pin, KernelPaths paths, PinSpec.Ina2xx spec, double shuntOhm,
            LinuxBoard board) throws BoardException {
        Path dir = paths.iioDevice(spec.device());
        try {
            setShunt(pin, dir, shuntOhm);
            Quantity bus = quantity(pin, dir, "in_voltage1");
            Quantity current = quantity(pin, dir, "in_current3");
            Quantity power = quantity(pin, dir, "in_power2");
            bus.read(pin);
            return new IioPowerMonitor(pin, bus, current, power, board);
        } catch (IOException e) {
            throw pin.unusable(e);
        }
    }

    private static void setShunt(PinContext pin, Path dir, double shuntOhm) throws IOException, BoardException {
        SysfsAttribute shunt = new SysfsAttribute(dir.resolve("in_shunt_resistor"));
        if (!shunt.exists()) {
            throw missing(pin, shunt.path());
        }
        long microOhm = Math.round(shuntOhm * 1e6);
        if (shunt.readLong() != microOhm) {
            shunt.write(microOhm + "\n");
        }
    }

    private static Quantity quantity(PinContext pin, Path dir, String name) throws IOException, BoardException {
        SysfsAttribute raw = new SysfsAttribute(dir.resolve(name + "_raw"));
        SysfsAttribute scale = new SysfsAttribute(dir.resolve(name + "_scale"));
        for (SysfsAttribute file : new SysfsAttribute[] {raw, scale}) {
            if (!file.exists()) {
                throw missing(pin, file.path());
            }
        }
        return new Quantity(raw, scale.readDouble());
    }

    private static BoardException missing(PinContext pin, Path path) {
        return pin.missing(path, "is the ina2xx IIO driver bound to the chip (an overlay with compatible \"ti,ina219\")"
                + " and is this its iio:device?");
    }

    @Override
    public Measurement read() throws IOException {
        board.ensureOpen(pin);
        return new Measurement(bus.read(pin), current.read(pin), power.read(pin));
    }

    @Override
    public String toString() {
        return pin.prefix();
    }
}

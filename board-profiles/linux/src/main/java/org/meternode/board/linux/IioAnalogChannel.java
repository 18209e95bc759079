package org.meternode.board.linux;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.meternode.hal.AnalogChannel;
import org.meternode.hal.BoardException;
import org.meternode.hal.Sleeper;

/**
 * A voltage channel of an IIO ADC through sysfs: volts = (raw + offset) × scale / 1000, where
 * {@code in_voltageN_raw} is read per conversion and scale (mV per count) and offset are read once at
 * claim time. Reads are paced at {@link #samplesPerSecond()} on the board's sleeper, so consecutive
 * reads are consecutive conversions, as {@link AnalogChannel} promises.
 */
final class IioAnalogChannel implements AnalogChannel {
    private final PinContext pin;
    private final SysfsAttribute raw;
    private final double millivoltsPerCount;
    private final double offsetCounts;
    private final double samplesPerSecond;
    private final Duration period;
    private final Sleeper sleeper;
    private final LinuxBoard board;
    private final ReentrantLock lock = new ReentrantLock();
    private Instant next;

    private IioAnalogChannel(PinContext pin, SysfsAttribute raw, double millivoltsPerCount, double offsetCounts,
            double samplesPerSecond, Sleeper sleeper, LinuxBoard board) {
        this.pin = pin;
        this.raw = raw;
        this.millivoltsPerCount = millivoltsPerCount;
        this.offsetCounts = offsetCounts;
        this.samplesPerSecond = samplesPerSecond;
        this.period = Duration.ofNanos(Math.round(1e9 / samplesPerSecond));
        this.sleeper = sleeper;
        this.board = board;
    }

    /**
     * Finds the channel's files: {@code in_voltageN_raw}; scale from {@code in_voltageN_scale}, else
     * the shared {@code in_voltage_scale}; offset from {@code in_voltageN_offset} or
     * {@code in_voltage_offset} if present; the rate from the first sampling-frequency attribute
     * present ({@code in_voltageN_}, {@code in_voltage_}, {@code in_}, plain), else the option.
     */
    static IioAnalogChannel open(PinContext pin, KernelPaths paths, PinSpec.Iio spec, Sleeper sleeper,
            LinuxBoard board) throws BoardException {
        Path dir = paths.iioDevice(spec.device());
        String prefix = "in_voltage" + spec.channel();
        SysfsAttribute raw = new SysfsAttribute(dir.resolve(prefix + "_raw"));
        if (!raw.exists()) {
            throw pin.missing(raw.path(), "is the ADC's overlay loaded (ads1015, mcp3008, ...) and is channel "
                    + spec.channel() + " enabled?");
        }
        SysfsAttribute scale = first(dir, prefix + "_scale", "in_voltage_scale")
                .orElseThrow(() -> pin.missing(dir.resolve(prefix + "_scale"), "neither does "
                        + dir.resolve("in_voltage_scale") + ", so the driver gives no scale for this channel"));
        try {
            double mvPerCount = scale.readDouble();
            Optional<SysfsAttribute> offset = first(dir, prefix + "_offset", "in_voltage_offset");
            double offsetCounts = offset.isPresent() ? offset.get().readDouble() : 0;
            Optional<SysfsAttribute> rate = first(dir, prefix + "_sampling_frequency",
                    "in_voltage_sampling_frequency", "in_sampling_frequency", "sampling_frequency");
            double sps = rate.isPresent() ? rate.get().readDouble() : spec.samplesPerSecond();
            if (!(sps > 0)) {
                throw new IOException(rate.map(r -> r.path().toString()).orElse("samples-per-second")
                        + ": the sampling frequency must be > 0, read " + sps);
            }
            raw.readLong();
            return new IioAnalogChannel(pin, raw, mvPerCount, offsetCounts, sps, sleeper, board);
        } catch (IOException e) {
            throw pin.unusable(e);
        }
    }

    private static Optional<SysfsAttribute> first(Path dir, String... names) {
        return List.of(names).stream().map(n -> new SysfsAttribute(dir.resolve(n)))
                .filter(SysfsAttribute::exists).findFirst();
    }

    @Override
    public double readVolts() throws IOException {
        lock.lock();
        try {
            board.ensureOpen(pin);
            pace();
            return (readRaw() + offsetCounts) * millivoltsPerCount / 1000.0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(pin.prefix() + ": interrupted while pacing reads");
        } finally {
            lock.unlock();
        }
    }

    private long readRaw() throws IOException {
        try {
            return raw.readLong();
        } catch (IOException e) {
            throw pin.failed(e);
        }
    }

    /** Waits for the next conversion slot; after a pause the pace restarts from now. */
    private void pace() throws InterruptedException {
        if (next != null) {
            sleeper.sleepUntil(next);
        }
        Instant now = sleeper.clock().instant();
        next = (next == null || now.isAfter(next) ? now : next).plus(period);
    }

    @Override
    public double samplesPerSecond() {
        return samplesPerSecond;
    }

    @Override
    public String toString() {
        return pin.prefix() + " " + raw.path();
    }
}

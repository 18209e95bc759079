package org.meternode.board.linux;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import org.meternode.hal.BoardException;
import org.meternode.hal.PulseCount;
import org.meternode.hal.PulseCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulses counted by the kernel's counter subsystem (e.g. the interrupt-cnt driver on a GPIO), read
 * from {@code countY/count}. The kernel counts while the JVM sleeps or restarts; its total is taken
 * as it is, and a wrap of the hardware width is unfolded so the total stays monotonic in this process.
 * interrupt-cnt counts every rising edge with no debounce, so it suits clean electronic outputs
 * (S0); bouncing contacts want gpio-keys input events or an RC filter.
 *
 * <p>interrupt-cnt probes with its interrupt disabled ({@code IRQ_NOAUTOEN}) until {@code enable}
 * is set, so the claim sets it if it reads 0.
 */
final class KernelCounterPulseCounter implements PulseCounter {
    private static final Logger LOG = LoggerFactory.getLogger(KernelCounterPulseCounter.class);

    private final PinContext pin;
    private final SysfsAttribute count;
    private final Clock clock;
    private final UnwrappedTotal total;
    private final LinuxBoard board;

    private KernelCounterPulseCounter(PinContext pin, SysfsAttribute count, int bits, Clock clock, LinuxBoard board) {
        this.pin = pin;
        this.count = count;
        this.clock = clock;
        this.total = new UnwrappedTotal(bits);
        this.board = board;
    }

    /** Checks the count file now and takes the first reading, so a broken setup fails at claim time. */
    static KernelCounterPulseCounter open(PinContext pin, KernelPaths paths, PinSpec.Counter spec, Clock clock,
            LinuxBoard board) throws BoardException {
        SysfsAttribute count = new SysfsAttribute(paths.counterCount(spec.device(), spec.count()));
        if (!count.exists()) {
            throw pin.missing(count.path(), "is the interrupt-cnt overlay loaded?");
        }
        KernelCounterPulseCounter counter = new KernelCounterPulseCounter(pin, count, spec.bits(), clock, board);
        try {
            enable(pin, new SysfsAttribute(count.path().resolveSibling("enable")));
            counter.read();
        } catch (IOException e) {
            throw new BoardException(e.getMessage(), e);
        }
        return counter;
    }

    private static void enable(PinContext pin, SysfsAttribute enable) throws IOException {
        if (enable.exists() && enable.read().equals("0")) {
            try {
                enable.write("1");
            } catch (IOException e) {
                throw new IOException(e.getMessage() + " (the count is disabled and nothing is counted until it is "
                        + "enabled: give the node write access with a udev rule, or enable it at boot)", e);
            }
            LOG.info("{}: enabled counting at {}", pin.prefix(), enable.path());
        }
    }

    @Override
    public synchronized PulseCount read() throws IOException {
        board.ensureOpen(pin);
        long raw;
        try {
            raw = count.readUnsignedLong();
        } catch (IOException e) {
            throw pin.failed(e);
        }
        Instant at = clock.instant();
        long value;
        try {
            value = total.advance(raw);
        } catch (IllegalStateException e) {
            throw new IOException(pin.prefix() + ": " + count.path() + ": " + e.getMessage(), e);
        }
        if (total.lastStep() == UnwrappedTotal.Step.RESET) {
            LOG.warn("{}: {} went back to {} (counter reset or driver reloaded); counting on from total {}",
                    pin.prefix(), count.path(), Long.toUnsignedString(raw), value);
        } else if (total.lastStep() == UnwrappedTotal.Step.WRAPPED) {
            LOG.info("{}: {} wrapped; total {}", pin.prefix(), count.path(), value);
        }
        return new PulseCount(value, at);
    }
}

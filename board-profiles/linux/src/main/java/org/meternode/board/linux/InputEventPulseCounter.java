package org.meternode.board.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.meternode.hal.BoardException;
import org.meternode.hal.PulseCount;
import org.meternode.hal.PulseCounter;
import org.meternode.hal.PulseInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulses as key presses from an evdev device (a gpio-keys node on the meter's S0 or reed line). A
 * reader thread decodes {@code struct input_event}s as they come and counts presses of one key code,
 * debounced on the kernel's timestamps; {@link #read()} returns the total so far at the clock's now.
 *
 * <p>A real {@code /dev/input/eventN} blocks in {@code read} until an event arrives; a regular file
 * (tests, recorded traces) returns end-of-file instead, and the reader then waits {@link #EOF_POLL}
 * and tries again, so one loop serves both. The reader is a platform thread, not a virtual one: on
 * JDK 25 closing a {@code FileChannel} while a virtual thread is blocked reading a character device
 * or FIFO never returns (the closer waits forever to signal the reader), whereas a platform thread
 * is woken by the interrupt and the channel closes at once.
 */
final class InputEventPulseCounter implements PulseCounter {
    static final Duration EOF_POLL = Duration.ofMillis(10);
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(InputEventPulseCounter.class);

    private final PinContext pin;
    private final Path device;
    private final FileChannel events;
    private final InputEventLayout layout;
    private final KeyPressCounter presses;
    private final Clock clock;
    private final LinuxBoard board;
    private final AtomicReference<IOException> failure = new AtomicReference<>();
    private final Thread reader;
    private volatile boolean closed;

    private InputEventPulseCounter(PinContext pin, Path device, FileChannel events, InputEventLayout layout,
            KeyPressCounter presses, Clock clock, LinuxBoard board) {
        this.pin = pin;
        this.device = device;
        this.events = events;
        this.layout = layout;
        this.presses = presses;
        this.clock = clock;
        this.board = board;
        this.reader = Thread.ofPlatform().daemon().name("meternode-input-" + pin.pin()).unstarted(this::readEvents);
    }

    /** Opens the device and starts the reader. */
    static InputEventPulseCounter open(PinContext pin, KernelPaths paths, PinSpec.InputEvent spec, PulseInput input,
            InputEventLayout layout, Clock clock, LinuxBoard board) throws BoardException {
        Path device = paths.inputDevice(spec.device());
        if (!Files.exists(device)) {
            throw pin.missing(device, "is the gpio-key overlay loaded? (see ls -l /dev/input/by-path)");
        }
        FileChannel events;
        try {
            events = FileChannel.open(device, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new BoardException(pin.prefix() + ": opening " + device + " failed: " + e.getMessage()
                    + " (the node's user needs read access, usually group input)", e);
        }
        InputEventPulseCounter counter = new InputEventPulseCounter(pin, device, events, layout,
                new KeyPressCounter(spec.code(), input.debounce()), clock, board);
        counter.reader.start();
        return counter;
    }

    @Override
    public PulseCount read() throws IOException {
        board.ensureOpen(pin);
        IOException failed = failure.get();
        if (failed != null) {
            throw new IOException(failed.getMessage(), failed);
        }
        return new PulseCount(presses.total(), clock.instant());
    }

    /** Stops the reader and closes the device; waits briefly for the reader to end. */
    void close() {
        closed = true;
        reader.interrupt();
        try {
            events.close();
        } catch (IOException e) {
            LOG.warn("{}: closing {} failed: {}", pin.prefix(), device, e.getMessage());
        }
        try {
            if (!reader.join(STOP_WAIT)) {
                LOG.warn("{}: reader of {} did not stop within {}", pin.prefix(), device, STOP_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the reader thread still runs; for tests. */
    boolean readerAlive() {
        return reader.isAlive();
    }

    /** Reads of the device the reader started, and finished (both equal: not inside a read); for tests. */
    long[] reads() {
        return new long[] {readsStarted, readsDone};
    }

    private volatile long readsStarted;
    private volatile long readsDone;

    private void readEvents() {
        ByteBuffer buffer = ByteBuffer.allocate(layout.size() * 64);
        try {
            while (!closed) {
                readsStarted++;
                int n = events.read(buffer);
                readsDone++;
                if (n <= 0) {
                    Thread.sleep(EOF_POLL);
                    continue;
                }
                buffer.flip();
                while (buffer.remaining() >= layout.size()) {
                    handle(layout.decode(buffer));
                }
                buffer.compact();
            }
        } catch (InterruptedException e) {
            // close() wakes a reader waiting at end-of-file
        } catch (AsynchronousCloseException e) {
            if (!closed) {
                fail(e);
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    private void handle(InputEvent event) {
        if (event.type() == InputEvent.EV_SYN && event.code() == InputEvent.SYN_DROPPED) {
            LOG.warn("{}: the kernel dropped events of {} (its buffer overflowed); pulses may be missing",
                    pin.prefix(), device);
            return;
        }
        presses.accept(event);
    }

    private void fail(IOException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        failure.set(new IOException(pin.prefix() + ": reading " + device + " failed: " + why, e));
        LOG.error("{}: reading {} failed, counting stopped: {}", pin.prefix(), device, why);
    }
}

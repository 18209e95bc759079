package org.meternode.app.channel;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.meternode.app.config.MeterReading;
import org.meternode.app.outbox.CounterState;
import org.meternode.hal.serial.ForwardingSerialLine;
import org.meternode.hal.serial.SerialLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A meter that sends by itself (DSMR P1, SML, IEC 62056-21 push): a named platform thread reads
 * frames continuously and keeps the latest good one; bad frames are dropped and counted, never
 * reported. A sample reports the configured values of the latest good frame, provided it is at most
 * max-age old on the node's clock (configured, or two push periods measured from the frames seen);
 * otherwise the sample fails naming the port, the frame's age and the limit, and the sampler stores
 * FAULT readings.
 */
public abstract class PushMeterChannel<F, R extends MeterReading> extends SerialMeterChannel<F, R> {
    private static final Logger LOG = LoggerFactory.getLogger(PushMeterChannel.class);

    /** The limit while the push period is not yet measured (fewer than two frames seen). */
    static final Duration UNMEASURED_MAX_AGE = Duration.ofMinutes(1);
    /** The measured limit never goes below this, so a 1 s meter is not FAULT for a scheduling hiccup. */
    static final Duration MIN_MAX_AGE = Duration.ofSeconds(2);

    private final Optional<Duration> maxAge;
    private final PushPeriod period = new PushPeriod();
    private final Clock clock;
    private final Thread thread;
    private final SerialLine stoppable;
    private volatile Latest<F> latest;
    private volatile boolean closed;

    private record Latest<F>(F frame, Instant receivedAt) {
    }

    /**
     * @param maxAge how old the latest frame may be at a sample; empty: two measured push periods
     * @param clock  the node's clock (the board's): frames are timed on it
     */
    protected PushMeterChannel(String type, String id, SerialLine line, List<R> readings, Optional<Duration> maxAge,
                               Clock clock) {
        super(type, id, line, readings);
        this.maxAge = java.util.Objects.requireNonNull(maxAge, "maxAge");
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
        this.stoppable = new StoppableLine(line);
        this.thread = Thread.ofPlatform().name(type + "-" + id).daemon(true).unstarted(this::readLoop);
    }

    /** Starts the reader thread; subclasses call it once their own fields are set. */
    protected final void start() {
        thread.start();
    }

    /** The line whose reads fail once the channel is closed: readers are built on it. */
    protected final SerialLine stoppableLine() {
        return stoppable;
    }

    /**
     * The next good frame, or empty when none came within the reader's own wait (a silent meter) or
     * the one that came was bad (count it with {@link #countBad()}).
     */
    protected abstract Optional<F> receive() throws IOException;

    /** What frames are called in messages: "DSMR telegram", "SML file". */
    protected abstract String frameName();

    private void readLoop() {
        boolean reportedDown = false;
        while (!closed) {
            try {
                Optional<F> frame = receive();
                if (frame.isPresent()) {
                    Instant at = clock.instant();
                    latest = new Latest<>(frame.get(), at);
                    period.note(at);
                    if (reportedDown) {
                        LOG.info("channel '{}': {}s from {} again", id, frameName(), line);
                        reportedDown = false;
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (!reportedDown) {
                    LOG.error("channel '{}': reading {} failed: {}", id, line,
                            e instanceof EOFException ? "port closed or gone" : e.getMessage());
                    reportedDown = true;
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    @Override
    public Sample sample(Instant intervalEnd, List<Instant> missed, Optional<CounterState> previous)
            throws IOException {
        Latest<F> now = latest;
        if (now == null) {
            throw new IOException("no good " + frameName() + " from " + line + " yet (" + counts() + ")");
        }
        Duration age = Duration.between(now.receivedAt(), clock.instant());
        Duration limit = maxAge();
        if (age.compareTo(limit) > 0) {
            throw new IOException("no good " + frameName() + " from " + line + " for " + seconds(age)
                    + " (the latest came at " + now.receivedAt() + "), longer than max-age " + seconds(limit)
                    + maxAgeSource() + " (" + counts() + ")");
        }
        return sampleOf(now.frame(), intervalEnd);
    }

    /** The limit in force now: configured, or twice the measured push period (at least {@link #MIN_MAX_AGE}). */
    public Duration maxAge() {
        return maxAge.orElseGet(() -> period.measured()
                .map(p -> max(p.multipliedBy(2), MIN_MAX_AGE)).orElse(UNMEASURED_MAX_AGE));
    }

    private String maxAgeSource() {
        if (maxAge.isPresent()) {
            return " (configured)";
        }
        return period.measured().map(p -> " (2 push periods of " + seconds(p) + " measured)")
                .orElse(" (push period not measured yet)");
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }

    /** Stops the reader thread and closes the port. */
    @Override
    public void close() {
        closed = true;
        super.close();
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The line with reads that fail once the channel is closed, so the reader thread ends promptly. */
    private final class StoppableLine extends ForwardingSerialLine {
        private final InputStream input;

        StoppableLine(SerialLine inner) {
            super(inner);
            this.input = new FilterInputStream(inner.input()) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (closed) {
                        throw new IOException("channel '" + id + "' closed");
                    }
                    return super.read(b, off, len);
                }

                @Override
                public int read() throws IOException {
                    if (closed) {
                        throw new IOException("channel '" + id + "' closed");
                    }
                    return super.read();
                }
            };
        }

        @Override
        public InputStream input() {
            return input;
        }
    }
}

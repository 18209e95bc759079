package org.meternode.app.channel;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.meternode.app.config.DsmrChannelConfig;
import org.meternode.app.outbox.CounterState;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.Reading;
import org.meternode.app.reading.ReadingStream;
import org.meternode.hal.meter.dsmr.DsmrReader;
import org.meternode.hal.meter.dsmr.DsmrStats;
import org.meternode.hal.meter.dsmr.DsmrTelegram;
import org.meternode.hal.meter.dsmr.DsmrValue;
import org.meternode.hal.serial.JSerialCommLine;
import org.meternode.hal.serial.SerialLine;
import org.meternode.hal.serial.SerialSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DSMR / e-MUCS meter on its P1 port. A named platform thread reads telegrams continuously (the
 * meter pushes one every 1 or 10 s) and keeps the latest good one; telegrams with a bad CRC or bad
 * content are dropped and counted in {@link #stats()}, never reported. A sample reports the
 * configured OBIS values of the latest telegram, provided it arrived within two sampling intervals;
 * otherwise the sample fails, naming the port, and the sampler stores a FAULT reading.
 */
public final class DsmrChannel implements Channel {
    private static final Logger LOG = LoggerFactory.getLogger(DsmrChannel.class);
    private static final Duration READ_TIMEOUT = Duration.ofMillis(500);
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private final String id;
    private final SerialLine line;
    private final DsmrReader reader;
    private final List<DsmrChannelConfig.Reading> readings;
    private final Duration maxAge;
    private final Clock clock;
    private final Thread thread;
    private volatile Latest latest;
    private volatile boolean closed;

    private record Latest(DsmrTelegram telegram, Instant receivedAt) {
    }

    /**
     * Reads {@code line} (already open) on a thread of its own until {@link #close()}.
     *
     * @param interval the sampling interval; telegrams older than two of them are stale
     */
    public DsmrChannel(String id, SerialLine line, SerialSettings settings, List<DsmrChannelConfig.Reading> readings,
                       Duration interval, Clock clock) throws IOException {
        this.id = id;
        this.line = line;
        this.readings = List.copyOf(readings);
        this.maxAge = interval.multipliedBy(2);
        this.clock = clock;
        this.reader = new DsmrReader(new StoppableLine(line), settings, clock);
        this.thread = Thread.ofPlatform().name("dsmr-" + id).daemon(true).unstarted(this::readLoop);
        thread.start();
    }

    /** Opens the configured port by path (not through the board) and starts reading. */
    public static DsmrChannel open(DsmrChannelConfig config, Duration interval) throws IOException {
        SerialSettings settings = config.version().equals("2.2") ? SerialSettings.DSMR_2_2 : SerialSettings.DSMR;
        SerialLine line = JSerialCommLine.open(config.port(), settings, READ_TIMEOUT);
        try {
            return new DsmrChannel(config.id(), line, settings, config.readings(), interval, Clock.systemUTC());
        } catch (IOException | RuntimeException e) {
            line.close();
            throw e;
        }
    }

    private void readLoop() {
        boolean reportedDown = false;
        while (!closed) {
            try {
                Optional<DsmrTelegram> telegram = reader.read(Duration.ofSeconds(30));
                if (telegram.isPresent()) {
                    latest = new Latest(telegram.get(), clock.instant());
                    if (reportedDown) {
                        LOG.info("channel '{}': telegrams from {} again", id, line);
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
    public String id() {
        return id;
    }

    @Override
    public List<ReadingStream> streams() {
        return readings.stream().map(DsmrChannelConfig.Reading::stream).toList();
    }

    /** Counts of good and rejected telegrams since the port was opened. */
    public DsmrStats stats() {
        return reader.stats();
    }

    @Override
    public Sample sample(Instant intervalEnd, List<Instant> missed, Optional<CounterState> previous)
            throws IOException {
        Latest now = latest;
        Instant oldest = clock.instant().minus(maxAge);
        if (now == null || now.receivedAt().isBefore(oldest)) {
            DsmrStats s = reader.stats();
            throw new IOException("no good DSMR telegram from " + line
                    + (now == null ? " yet" : " since " + now.receivedAt()) + " (" + s.telegrams() + " good, "
                    + s.badCrc() + " bad CRC, " + s.malformed() + " malformed"
                    + s.lastRejection().map(r -> "; last rejection: " + r).orElse("") + ")");
        }
        List<Reading> out = new ArrayList<>();
        for (DsmrChannelConfig.Reading r : readings) {
            Optional<DsmrValue> value = now.telegram().value(r.obis());
            if (value.isEmpty()) {
                LOG.error("channel '{}': the telegram from {} has no value for {}", id, line, r.obis());
                out.add(Reading.of(r.stream().in(id), intervalEnd, BigDecimal.ZERO, r.quantity().unit(),
                        Reading.Quality.FAULT));
                continue;
            }
            out.add(Reading.of(r.stream().in(id), intervalEnd, convert(value.get(), r.quantity()),
                    r.quantity().unit(), Reading.Quality.GOOD));
        }
        return new Sample(out, Optional.empty());
    }

    /** The value in the unit meternode reports: P1 power is printed in kW, reported in W. */
    static BigDecimal convert(DsmrValue value, Quantity quantity) {
        String unit = value.unit();
        return switch (quantity) {
            case POWER -> unit.equalsIgnoreCase("kW") ? value.value().multiply(THOUSAND) : value.value();
            case ENERGY -> unit.equalsIgnoreCase("Wh") ? value.value().divide(THOUSAND) : value.value();
            case VOLUME -> unit.equalsIgnoreCase("l") || unit.equalsIgnoreCase("dm3")
                    ? value.value().divide(THOUSAND) : value.value();
            case CURRENT, APPARENT_POWER, FLOW, VOLTAGE, APPARENT_ENERGY -> value.value();
        };
    }

    /** The line with reads that fail once the channel is closed, so the reader thread ends promptly. */
    private final class StoppableLine implements SerialLine {
        private final SerialLine inner;
        private final InputStream input;

        StoppableLine(SerialLine inner) {
            this.inner = inner;
            this.input = new FilterInputStream(inner.input()) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (closed) {
                        throw new IOException("channel '" + id + "' closed");
                    }
                    return super.read(b, off, len);
                }
            };
        }

        @Override
        public InputStream input() {
            return input;
        }

        @Override
        public OutputStream output() {
            return inner.output();
        }

        @Override
        public void configure(SerialSettings settings) throws IOException {
            inner.configure(settings);
        }

        @Override
        public void close() {
            inner.close();
        }

        @Override
        public String toString() {
            return inner.toString();
        }
    }

    /** Stops the reader thread and closes the port. */
    @Override
    public void close() {
        closed = true;
        line.close();
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.meternode.app.channel;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.meternode.app.config.MeterReading;
import org.meternode.app.reading.Reading;
import org.meternode.app.reading.ReadingStream;
import org.meternode.app.reading.Units;
import org.meternode.hal.Board;
import org.meternode.hal.serial.SerialLine;
import org.meternode.hal.serial.SerialSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A meter read over a serial port: maps the configured readings onto the values of one good frame
 * (telegram, SML file, data block, M-Bus readout), converting the meter's unit into meternode's. A
 * value that is missing or in a unit that does not fit its quantity becomes a FAULT reading and an
 * error line naming channel, value and unit, never a wrong number. Counts good and bad frames.
 *
 * @param <F> the decoded frame
 * @param <R> the configured reading
 */
public abstract class SerialMeterChannel<F, R extends MeterReading> implements Channel {
    private static final Logger LOG = LoggerFactory.getLogger(SerialMeterChannel.class);
    /** Reads on the port wait at most this long, so a closed channel's thread notices soon. */
    static final Duration READ_TIMEOUT = Duration.ofMillis(500);
    /**
     * What serial timeouts run on: real time, a property of the line. The node's clock (the sim's runs
     * hundreds of times faster) would cut a frame in half; readings are timed on the node's clock.
     */
    static final java.time.Clock LINE_TIME = java.time.Clock.systemUTC();

    protected final String id;
    protected final SerialLine line;
    private final String type;
    private final List<R> readings;
    private final AtomicLong goodFrames = new AtomicLong();
    private final AtomicLong badFrames = new AtomicLong();

    protected SerialMeterChannel(String type, String id, SerialLine line, List<R> readings) {
        this.type = type;
        this.id = id;
        this.line = line;
        this.readings = List.copyOf(readings);
    }

    /** A channel made on an opened port; readings timed on {@code clock}. */
    @FunctionalInterface
    public interface OnLine {
        Channel open(SerialLine line, java.time.Clock clock) throws IOException;
    }

    /**
     * Opens {@code port} through the board with {@code settings}, then the channel on it; the port is
     * closed again when the channel cannot start. Readings are timed on the board's clock.
     */
    public static Channel open(String id, String port, SerialSettings settings, Board board, OnLine channel)
            throws IOException {
        SerialLine line = board.serialLine(id, port, settings, READ_TIMEOUT);
        try {
            return channel.open(line, board.sleeper().clock());
        } catch (IOException | RuntimeException e) {
            line.close();
            throw e;
        }
    }

    /** The channel type as configured ({@code dsmr}, {@code sml}, ...). */
    public String type() {
        return type;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<ReadingStream> streams() {
        return readings.stream().map(MeterReading::stream).toList();
    }

    /** Frames decoded and accepted since the port was opened. */
    public long goodFrames() {
        return goodFrames.get();
    }

    /** Frames dropped since the port was opened: bad checksum, truncated, malformed, incomplete. */
    public long badFrames() {
        return badFrames.get();
    }

    protected final void countGood() {
        goodFrames.incrementAndGet();
    }

    protected final void countBad() {
        badFrames.incrementAndGet();
    }

    /** "12 good, 3 bad frames" plus what the subclass knows about the last rejection. */
    protected String counts() {
        return goodFrames.get() + " good, " + badFrames.get() + " bad frames";
    }

    /** The value and unit {@code reading} selects in {@code frame}; empty when the frame has none. */
    protected abstract Optional<MeterValue> value(F frame, R reading);

    /** The readings of one good frame for the interval ending at {@code intervalEnd}. */
    protected final Sample sampleOf(F frame, Instant intervalEnd) {
        List<Reading> out = new ArrayList<>();
        for (R r : readings) {
            String unit = r.quantity().unit();
            String stream = r.stream().in(id);
            Optional<MeterValue> value = value(frame, r);
            if (value.isEmpty()) {
                LOG.error("channel '{}': the {} meter on {} sent no value for {}", id, type, line, r.source());
                out.add(Reading.of(stream, intervalEnd, BigDecimal.ZERO, unit, Reading.Quality.FAULT));
                continue;
            }
            Optional<BigDecimal> converted = Units.convert(value.get().value(), value.get().unit(), r.quantity());
            if (converted.isEmpty()) {
                LOG.error("channel '{}': {} is in '{}', which is not a unit of {} ({}); reported as FAULT", id,
                        r.source(), value.get().unit(), r.quantity().suffix(), unit);
                out.add(Reading.of(stream, intervalEnd, BigDecimal.ZERO, unit, Reading.Quality.FAULT));
                continue;
            }
            out.add(Reading.of(stream, intervalEnd, converted.get(), unit, Reading.Quality.GOOD));
        }
        return new Sample(out, Optional.empty());
    }

    /** Closes the port. */
    @Override
    public void close() {
        line.close();
    }

    /** A value as the meter sent it: scaled, in the meter's unit. */
    public record MeterValue(BigDecimal value, String unit) {
    }
}

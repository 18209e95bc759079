package org.meternode.app.channel;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.meternode.app.config.DsmrChannelConfig;
import org.meternode.app.config.ObisReading;
import org.meternode.hal.Board;
import org.meternode.hal.meter.dsmr.DsmrReader;
import org.meternode.hal.meter.dsmr.DsmrStats;
import org.meternode.hal.meter.dsmr.DsmrTelegram;
import org.meternode.hal.serial.SerialLine;
import org.meternode.hal.serial.SerialSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DSMR / e-MUCS meter on its P1 port. The meter pushes a telegram every 1 or 10 s; the reader
 * thread ({@code dsmr-<id>}) keeps the latest good one, telegrams with a bad CRC or bad content are
 * dropped and counted in {@link #stats()}. A sample reports the configured OBIS values of the latest
 * telegram, provided it is not older than max-age (see {@link PushMeterChannel}).
 */
public final class DsmrChannel extends PushMeterChannel<DsmrTelegram, ObisReading> {
    private static final Logger LOG = LoggerFactory.getLogger(DsmrChannel.class);

    private final DsmrReader reader;

    /**
     * Reads {@code line} (already open) on a thread of its own until {@link #close()}.
     *
     * @param maxAge how old the latest telegram may be at a sample; empty: two measured push periods
     * @param clock  the node's clock, telegrams are timed on it (line timeouts stay wall time)
     */
    public DsmrChannel(String id, SerialLine line, SerialSettings settings, List<ObisReading> readings,
                       Optional<Duration> maxAge, Clock clock) throws IOException {
        super(DsmrType.NAME, id, line, readings, maxAge, clock);
        this.reader = new DsmrReader(stoppableLine(), settings, LINE_TIME);
        start();
    }

    /** Opens the configured port through the board and starts reading; telegrams are timed on the board's clock. */
    public static DsmrChannel open(DsmrChannelConfig config, Board board) throws IOException {
        SerialSettings settings = config.version().equals("2.2") ? SerialSettings.DSMR_2_2 : SerialSettings.DSMR;
        SerialLine line = board.serialLine(config.id(), config.port(), settings, READ_TIMEOUT);
        try {
            return new DsmrChannel(config.id(), line, settings, config.readings(), config.maxAge(),
                    board.sleeper().clock());
        } catch (IOException | RuntimeException e) {
            line.close();
            throw e;
        }
    }

    @Override
    protected Optional<DsmrTelegram> receive() throws IOException {
        Optional<DsmrTelegram> telegram = reader.read(Duration.ofSeconds(30));
        telegram.ifPresent(t -> LOG.debug("channel '{}': telegram {}", id, t));
        return telegram;
    }

    @Override
    protected String frameName() {
        return "DSMR telegram";
    }

    /** Counts of good and rejected telegrams since the port was opened. */
    public DsmrStats stats() {
        return reader.stats();
    }

    @Override
    protected String counts() {
        DsmrStats s = reader.stats();
        return s.telegrams() + " good, " + s.badCrc() + " bad CRC, " + s.malformed() + " malformed"
                + s.lastRejection().map(r -> "; last rejection: " + r).orElse("");
    }

    @Override
    protected Optional<MeterValue> value(DsmrTelegram telegram, ObisReading reading) {
        return telegram.value(reading.obis()).map(v -> new MeterValue(v.value(), v.unit()));
    }
}

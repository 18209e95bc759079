package org.meternode.app.channel;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.meternode.app.config.ObisReading;
import org.meternode.hal.meter.ChecksumException;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.meter.sml.SmlFile;
import org.meternode.hal.meter.sml.SmlFramer;
import org.meternode.hal.serial.SerialLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SML push meter (eHZ, EDL) on an optical IR head: the reader thread ({@code sml-<id>}) cuts the
 * byte stream into SML files, decodes each (transport CRC, message CRCs, structure) and keeps the
 * latest good one; files with a bad CRC, cut short or malformed are counted and dropped.
 */
public final class SmlChannel extends PushMeterChannel<SmlFile, ObisReading> {
    private static final Logger LOG = LoggerFactory.getLogger(SmlChannel.class);
    /** How long one receive waits for a complete file before it reports nothing. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final SmlFramer framer = new SmlFramer();
    private final Deque<byte[]> pending = new ArrayDeque<>();
    private final byte[] buffer = new byte[512];
    private final AtomicLong badCrc = new AtomicLong();
    private volatile String lastRejection = "";

    /**
     * @param maxAge how old the latest file may be at a sample; empty: two measured push periods
     * @param clock  the node's clock, files are timed on it (the read wait stays wall time)
     */
    public SmlChannel(String id, SerialLine line, List<ObisReading> readings, Optional<Duration> maxAge, Clock clock) {
        super(SmlType.NAME, id, line, readings, maxAge, clock);
        start();
    }

    @Override
    protected Optional<SmlFile> receive() throws IOException {
        Instant deadline = LINE_TIME.instant().plus(WAIT);
        InputStream in = stoppableLine().input();
        while (pending.isEmpty()) {
            if (!LINE_TIME.instant().isBefore(deadline)) {
                return Optional.empty();
            }
            int n;
            try {
                n = in.read(buffer, 0, buffer.length);
            } catch (InterruptedIOException quiet) {
                continue;
            }
            if (n < 0) {
                throw new java.io.EOFException(line + " reached end of stream");
            }
            long restartsBefore = framer.restarts() + framer.oversize();
            pending.addAll(framer.feed(buffer, 0, n));
            long cut = framer.restarts() + framer.oversize() - restartsBefore;
            for (long i = 0; i < cut; i++) {
                countBad();
                lastRejection = "an SML file cut short by the next one's start";
            }
        }
        byte[] file = pending.removeFirst();
        LOG.debug("channel '{}': SML file {}", id, HexFormat.of().formatHex(file));
        try {
            SmlFile decoded = SmlFile.decode(file);
            countGood();
            return Optional.of(decoded);
        } catch (ChecksumException e) {
            badCrc.incrementAndGet();
            return rejected(e);
        } catch (DecodingException e) {
            return rejected(e);
        }
    }

    private Optional<SmlFile> rejected(DecodingException e) {
        countBad();
        lastRejection = e.getMessage();
        LOG.debug("channel '{}': dropped an SML file: {}", id, e.getMessage());
        return Optional.empty();
    }

    @Override
    protected String frameName() {
        return "SML file";
    }

    @Override
    protected String counts() {
        return goodFrames() + " good, " + badFrames() + " bad SML files (" + badCrc.get() + " bad CRC)"
                + (lastRejection.isEmpty() ? "" : "; last rejection: " + lastRejection);
    }

    @Override
    protected Optional<MeterValue> value(SmlFile file, ObisReading reading) {
        return file.entry(reading.obis()).map(e -> new MeterValue(e.value(), e.unit()));
    }
}

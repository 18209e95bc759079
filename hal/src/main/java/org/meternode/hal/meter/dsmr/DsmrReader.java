package org.meternode.hal.meter.dsmr;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.meternode.hal.meter.ChecksumException;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.serial.SerialLine;
import org.meternode.hal.serial.SerialSettings;

/**
 * Reads telegrams from a P1 port: frames the byte stream, decodes, drops and counts telegrams with a
 * bad CRC or bad content, and gives up cleanly when the meter stops mid-telegram. The meter pushes a
 * telegram every second (DSMR 5) or ten seconds (DSMR 2.2-4); nothing is ever sent to it.
 */
public final class DsmrReader {
    private final SerialLine line;
    private final Clock clock;
    private final DsmrStats stats = new DsmrStats();
    private final DsmrFramer framer;
    private final Deque<byte[]> framed = new ArrayDeque<>();
    private final byte[] chunk = new byte[512];

    /** Reads a DSMR 4/5 meter (115200 8N1); use {@link SerialSettings#DSMR_2_2} for 9600 7E1 meters. */
    public DsmrReader(SerialLine line, Clock clock) throws IOException {
        this(line, SerialSettings.DSMR, clock);
    }

    public DsmrReader(SerialLine line, SerialSettings settings, Clock clock) throws IOException {
        this.line = line;
        this.clock = clock;
        this.framer = new DsmrFramer(stats);
        line.configure(settings);
    }

    /**
     * Returns the next good telegram, or empty when none completed within {@code timeout}; a telegram
     * still incomplete at the deadline is dropped and counted as a timeout.
     *
     * @throws EOFException if the line reports end of stream (port gone)
     */
    public Optional<DsmrTelegram> read(Duration timeout) throws IOException {
        Instant deadline = clock.instant().plus(timeout);
        InputStream in = line.input();
        while (true) {
            Optional<DsmrTelegram> decoded = decodeFramed();
            if (decoded.isPresent()) {
                return decoded;
            }
            if (!clock.instant().isBefore(deadline)) {
                framer.abandonPartial();
                return Optional.empty();
            }
            int n;
            try {
                n = in.read(chunk);
            } catch (InterruptedIOException quiet) {
                continue;
            }
            if (n < 0) {
                throw new EOFException(line + " reached end of stream");
            }
            framed.addAll(framer.feed(chunk, 0, n));
        }
    }

    public DsmrStats stats() {
        return stats;
    }

    private Optional<DsmrTelegram> decodeFramed() {
        while (!framed.isEmpty()) {
            byte[] telegram = framed.poll();
            try {
                DsmrTelegram decoded = DsmrTelegram.decode(telegram);
                stats.telegram();
                return Optional.of(decoded);
            } catch (ChecksumException e) {
                stats.badCrc(e.getMessage());
            } catch (DecodingException e) {
                stats.malformed(e.getMessage());
            }
        }
        return Optional.empty();
    }
}

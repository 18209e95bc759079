package org.meternode.app.channel;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.meternode.app.config.ObisReading;
import org.meternode.hal.Sleeper;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.meter.iec62056.Iec62056Reader;
import org.meternode.hal.meter.iec62056.Iec62056Readout;
import org.meternode.hal.serial.SerialLine;
import org.meternode.hal.serial.SerialSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A unidirectional IEC 62056-21 meter that sends identification and data block by itself, or the data
 * message alone (then framed, and the identification is absent): the reader thread ({@code iec62056-<id>})
 * keeps the latest good data block (BCC checked when framed).
 */
public final class Iec62056PushChannel extends PushMeterChannel<Iec62056Readout, ObisReading> {
    private static final Logger LOG = LoggerFactory.getLogger(Iec62056PushChannel.class);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Iec62056Reader reader;
    private volatile String lastRejection = "";

    public Iec62056PushChannel(String id, SerialLine line, SerialSettings settings, List<ObisReading> readings,
                               Optional<Duration> maxAge, Clock clock) {
        super(Iec62056Type.NAME, id, line, readings, maxAge, clock);
        this.reader = new Iec62056Reader(stoppableLine(), settings, Sleeper.system());
        start();
    }

    @Override
    protected Optional<Iec62056Readout> receive() throws IOException {
        try {
            Iec62056Readout readout = reader.readPushed(WAIT);
            LOG.debug("channel '{}': data {}", id, readout);
            countGood();
            return Optional.of(readout);
        } catch (InterruptedIOException silent) {
            return Optional.empty();
        } catch (DecodingException e) {
            countBad();
            lastRejection = e.getMessage();
            return Optional.empty();
        }
    }

    @Override
    protected String frameName() {
        return "IEC 62056-21 data block";
    }

    @Override
    protected String counts() {
        return super.counts() + (lastRejection.isEmpty() ? "" : "; last rejection: " + lastRejection);
    }

    @Override
    protected Optional<MeterValue> value(Iec62056Readout readout, ObisReading reading) {
        return Iec62056Channel.dataSet(readout.data(), reading.obis());
    }
}

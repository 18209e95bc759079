package org.meternode.app.channel;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.meternode.app.config.MeterReading;
import org.meternode.app.outbox.CounterState;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.serial.SerialLine;

/**
 * A meter that answers when asked (M-Bus, IEC 62056-21 mode C): each sample reads the meter on the
 * sampler's thread, so no thread of its own runs between samples. A readout that fails (silence, a
 * meter stopping mid-frame, a bad checksum) fails the sample, naming the port and the counts of good
 * and bad readouts, and the sampler stores FAULT readings.
 */
public abstract class PolledMeterChannel<F, R extends MeterReading> extends SerialMeterChannel<F, R> {
    protected PolledMeterChannel(String type, String id, SerialLine line, List<R> readings) {
        super(type, id, line, readings);
    }

    /** Reads the meter once. */
    protected abstract F poll() throws IOException, DecodingException;

    /** What a readout is called in messages: "M-Bus readout". */
    protected abstract String frameName();

    @Override
    public Sample sample(Instant intervalEnd, List<Instant> missed, Optional<CounterState> previous)
            throws IOException {
        F frame;
        try {
            frame = poll();
        } catch (DecodingException e) {
            countBad();
            throw new IOException("bad " + frameName() + " from " + line + ": " + e.getMessage() + " (" + counts() + ")", e);
        } catch (InterruptedIOException e) {
            countBad();
            throw new IOException("no complete " + frameName() + " from " + line + ": " + e.getMessage() + " ("
                    + counts() + ")", e);
        }
        countGood();
        return sampleOf(frame, intervalEnd);
    }
}

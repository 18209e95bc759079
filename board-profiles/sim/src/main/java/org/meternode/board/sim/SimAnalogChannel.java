package org.meternode.board.sim;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.meternode.hal.AnalogChannel;

/**
 * A simulated ADC input on a CT clamp. Conversions are paced in sample time: each read advances the
 * channel's own sample time by 1 / samples-per-second, without waiting; when the virtual clock is
 * more than a second ahead of it, sample time re-syncs to the clock and a new burst begins.
 */
public final class SimAnalogChannel implements AnalogChannel {
    private static final Duration RESYNC_AFTER = Duration.ofSeconds(1);

    private final String channel;
    private final String pin;
    private final CtClampMeter meter;
    private final SimBoard board;
    private final double nanosPerSample;
    private Instant syncedAt;
    private long samplesSinceSync;

    SimAnalogChannel(String channel, String pin, CtClampMeter meter, SimBoard board) {
        this.channel = channel;
        this.pin = pin;
        this.meter = meter;
        this.board = board;
        this.nanosPerSample = 1e9 / meter.spec().samplesPerSecond();
    }

    @Override
    public synchronized double readVolts() throws IOException {
        board.ensureOpen(channel);
        return meter.voltsAt(nextSampleTime(false));
    }

    /** One burst: the first conversion is journalled with the true RMS current at its time. */
    @Override
    public synchronized void readVolts(double[] volts) throws IOException {
        board.ensureOpen(channel);
        for (int i = 0; i < volts.length; i++) {
            volts[i] = meter.voltsAt(nextSampleTime(i == 0));
        }
    }

    @Override
    public double samplesPerSecond() {
        return meter.spec().samplesPerSecond();
    }

    private Instant nextSampleTime(boolean burstStart) {
        Instant now = board.clock().instant();
        Instant t = syncedAt == null ? null : syncedAt.plusNanos(Math.round(samplesSinceSync * nanosPerSample));
        if (t == null || Duration.between(t, now).compareTo(RESYNC_AFTER) > 0) {
            syncedAt = now;
            samplesSinceSync = 0;
            t = now;
            burstStart = true;
        }
        samplesSinceSync++;
        if (burstStart) {
            board.record(new TruthRecord(channel, pin, t, TruthRecord.AMPS_RMS_TRUE, meter.ampsRmsAt(t)));
        }
        return t;
    }
}

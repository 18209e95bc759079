package org.meternode.app.channel;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.meternode.app.outbox.CounterState;
import org.meternode.app.reading.Reading;
import org.meternode.app.reading.ReadingStream;
import org.meternode.hal.sensor.CtClamp;

/**
 * Turns power measured at interval ends into a cumulative energy stream that never goes backwards,
 * by the trapezoid rule between consecutive measurements. The running total lives in the channel's
 * {@link CounterState} (last power in mW, energy in mWh), which the outbox stores with each
 * interval, so it survives restarts and power cuts. Only power drawn counts (negative power, an
 * exporting or reversed clamp, adds nothing). Interval ends the node missed get values interpolated
 * in time and marked INTERPOLATED, as does the first value after them: the energy of an outage is
 * an estimate from the powers either side of it. The same holds after intervals in which the sensor
 * failed (their readings were FAULT): the next good value is marked INTERPOLATED. When the
 * calibration changed since the last state (a remote write, or a restart with a new one), the last
 * power is restated at the new calibration: the energy so far is kept and the interval up to the
 * change is integrated at the new calibration only, never averaged across old and new.
 */
final class EnergyIntegral {
    private static final double MWH_PER_KILO_HOUR = 1_000_000;

    private final String channelId;
    private final ReadingStream energy;
    private Instant lastAttempt;
    private Instant attemptBefore;

    EnergyIntegral(String channelId, ReadingStream energy) {
        this.channelId = channelId;
        this.energy = energy;
    }

    /** Notes that the channel starts sampling {@code end}: called before measuring, so failures count. */
    synchronized void sampling(Instant end) {
        attemptBefore = lastAttempt;
        lastAttempt = end;
    }

    /** The energy readings for this interval end and the state to store with them. */
    record Step(List<Reading> readings, CounterState state) {
    }

    /**
     * @param calibration the calibration {@code watts} was measured with
     */
    synchronized Step advance(Optional<CounterState> previous, List<Instant> missed, Instant end, double watts,
            double calibration) {
        long milliwatts = Math.round(Math.max(0, watts) * 1000);
        CounterState.Scale scale = CounterState.Scale.from(BigDecimal.valueOf(calibration));
        if (previous.isEmpty() || !end.isAfter(previous.get().at())) {
            long start = previous.map(CounterState::base).orElse(0L);
            return new Step(List.of(reading(end, start, Reading.Quality.GOOD)),
                    new CounterState(milliwatts, start, end, scale));
        }
        CounterState prev = restated(previous.get(), calibration);
        double kiloHours = CtClamp.energyKiloHours(prev.rawTotal() / 1000.0, milliwatts / 1000.0,
                Duration.between(prev.at(), end));
        long total = prev.base() + Math.round(kiloHours * MWH_PER_KILO_HOUR);
        List<Reading> out = new ArrayList<>();
        double span = Duration.between(prev.at(), end).toNanos();
        for (Instant at : missed) {
            if (at.isAfter(prev.at()) && at.isBefore(end)) {
                double part = Duration.between(prev.at(), at).toNanos() / span;
                long value = prev.base() + (long) Math.floor((total - prev.base()) * part);
                out.add(reading(at, value, Reading.Quality.INTERPOLATED));
            }
        }
        // A sample attempted after the stored state, that did not store one, failed: the span crosses it.
        boolean acrossFailure = attemptBefore != null && attemptBefore.isAfter(prev.at());
        out.add(reading(end, total, out.isEmpty() && !acrossFailure ? Reading.Quality.GOOD
                : Reading.Quality.INTERPOLATED));
        return new Step(out, new CounterState(milliwatts, total, end, scale));
    }

    /** The previous state with its last power as the new calibration would have measured it. */
    private CounterState restated(CounterState prev, double calibration) {
        if (prev.scale() == null || prev.scale().sameFactor(BigDecimal.valueOf(calibration))
                || prev.scale().factor().signum() == 0) {
            return prev;
        }
        double ratio = calibration / prev.scale().factor().doubleValue();
        return new CounterState(Math.round(prev.rawTotal() * ratio), prev.base(), prev.at(), prev.scale());
    }

    private Reading reading(Instant at, long milliUnitHours, Reading.Quality quality) {
        return energy.reading(channelId, at, BigDecimal.valueOf(milliUnitHours, 6), quality);
    }
}

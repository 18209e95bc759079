package org.meternode.app.channel;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.meternode.app.outbox.CounterState;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.ReadingStream;
import org.meternode.app.reading.Reading;
import org.meternode.app.reading.Reading.Quality;
import org.meternode.hal.PulseCount;
import org.meternode.hal.PulseCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pulse input turned into a cumulative total that never goes backwards: the board's counter
 * total plus a base carried across counter resets (driver reload, wrap, process restart on boards
 * whose counter starts at zero). Electricity channels report kWh and mean W; water channels m3 and
 * mean flow in L/min.
 */
public final class PulseChannel implements Channel {
    private static final Logger LOG = LoggerFactory.getLogger(PulseChannel.class);
    private static final BigDecimal MS_PER_HOUR_TIMES_1000 = BigDecimal.valueOf(3_600_000_000L);
    private static final BigDecimal LITRES_PER_M3 = BigDecimal.valueOf(1000);
    private static final BigDecimal MS_PER_MINUTE = BigDecimal.valueOf(60_000);

    private final String id;
    private final PulseCounter counter;
    private final Quantity total;
    private volatile BigDecimal pulsesPerKwh;
    private volatile BigDecimal litresPerPulse;

    private PulseChannel(String id, PulseCounter counter, Quantity total, BigDecimal pulsesPerKwh,
            BigDecimal litresPerPulse) {
        this.id = id;
        this.counter = counter;
        this.total = total;
        this.pulsesPerKwh = pulsesPerKwh;
        this.litresPerPulse = litresPerPulse;
    }

    /** An electricity meter's S0 or LED output, {@code pulsesPerKwh} impulses per kWh. */
    public static PulseChannel electricity(String id, PulseCounter counter, BigDecimal pulsesPerKwh) {
        return new PulseChannel(id, counter, Quantity.ENERGY, pulsesPerKwh, null);
    }

    /** A water (or gas) meter's reed contact, {@code litresPerPulse} litres per pulse. */
    public static PulseChannel water(String id, PulseCounter counter, BigDecimal litresPerPulse) {
        return new PulseChannel(id, counter, Quantity.VOLUME, null, litresPerPulse);
    }

    /**
     * Applies a new pulse constant (pulses per kWh, or litres per pulse for water) from the next
     * sample on. The total is rebased, not recomputed: the next sample keeps the total of the last
     * stored interval and converts only the pulses since with the new constant (see
     * {@link CounterState.Scale}), so the total never steps back or jumps.
     */
    public void recalibrate(BigDecimal factor) {
        if (total == Quantity.VOLUME) {
            litresPerPulse = factor;
        } else {
            pulsesPerKwh = factor;
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<ReadingStream> streams() {
        return total == Quantity.ENERGY ? List.of(ReadingStream.of(Quantity.ENERGY), ReadingStream.of(Quantity.POWER))
                : List.of(ReadingStream.of(Quantity.VOLUME), ReadingStream.of(Quantity.FLOW));
    }

    @Override
    public Sample sample(Instant intervalEnd, List<Instant> missed, Optional<CounterState> previous)
            throws IOException {
        PulseCount now = counter.read();
        CounterState state = nextState(now, previous);
        List<Reading> readings = new ArrayList<>();
        if (previous.isPresent()) {
            CounterState prev = previous.get();
            for (Instant m : missed) {
                if (m.isAfter(prev.at()) && m.isBefore(state.at())) {
                    readings.addAll(readingsAt(m, interpolate(prev, state, m), prev, state, Quality.INTERPOLATED));
                }
            }
        }
        Quality powerQuality = missed.isEmpty() ? Quality.GOOD : Quality.INTERPOLATED;
        readings.addAll(readingsAt(intervalEnd, state.total(), previous.orElse(null), state, Quality.GOOD,
                powerQuality));
        return new Sample(readings, Optional.of(state));
    }

    private BigDecimal factor() {
        return total == Quantity.VOLUME ? litresPerPulse : pulsesPerKwh;
    }

    private CounterState nextState(PulseCount now, Optional<CounterState> previous) {
        BigDecimal factor = factor();
        if (previous.isEmpty()) {
            return new CounterState(now.total(), 0, now.at(), CounterState.Scale.from(factor));
        }
        CounterState prev = previous.get();
        CounterState.Scale scale = scaleFrom(prev, factor);
        long base = prev.base();
        if (now.total() < prev.rawTotal()) {
            base = prev.total();
            LOG.warn("channel '{}': pulse counter went back from {} to {} (counter reset or wrap); total continues"
                    + " from {}", id, prev.rawTotal(), now.total(), base);
        }
        return new CounterState(now.total(), base, now.at(), scale);
    }

    /**
     * The scale for the next state: the stored one while the constant is unchanged; after a change
     * (remote write, or a restart with a new constant), the previous total is kept as the base.
     */
    private CounterState.Scale scaleFrom(CounterState prev, BigDecimal factor) {
        CounterState.Scale before = prev.scale() != null ? prev.scale() : CounterState.Scale.from(factor);
        if (before.sameFactor(factor)) {
            return before;
        }
        BigDecimal kept = value(prev.total(), before);
        LOG.info("channel '{}': pulse constant {} -> {}: total rebased at {} {} ({} pulses)", id,
                before.factor().toPlainString(), factor.toPlainString(), kept.toPlainString(), total.unit(),
                prev.total());
        return new CounterState.Scale(factor, prev.total(), kept);
    }

    /** The total (kWh or m3) at {@code totalPulses} under {@code scale}. */
    private BigDecimal value(long totalPulses, CounterState.Scale scale) {
        BigDecimal pulses = BigDecimal.valueOf(totalPulses - scale.total());
        BigDecimal since = total == Quantity.VOLUME
                ? scale.factor().multiply(pulses).divide(LITRES_PER_M3, 9, RoundingMode.HALF_EVEN)
                : pulses.divide(scale.factor(), 6, RoundingMode.HALF_EVEN);
        return scale.value().add(since).setScale(total == Quantity.VOLUME ? 9 : 6, RoundingMode.HALF_EVEN);
    }

    private static long interpolate(CounterState prev, CounterState now, Instant at) {
        double span = Duration.between(prev.at(), now.at()).toNanos();
        double part = Duration.between(prev.at(), at).toNanos();
        return prev.total() + (long) Math.floor((now.total() - prev.total()) * (part / span));
    }

    private List<Reading> readingsAt(Instant at, long totalPulses, CounterState prev, CounterState now,
            Quality quality) {
        return readingsAt(at, totalPulses, prev, now, quality, quality);
    }

    private List<Reading> readingsAt(Instant at, long totalPulses, CounterState prev, CounterState now,
            Quality totalQuality, Quality powerQuality) {
        CounterState.Scale scale = now.scale();
        BigDecimal factor = scale.factor();
        if (total == Quantity.VOLUME) {
            BigDecimal m3 = value(totalPulses, scale);
            Reading volume = Reading.of(Quantity.VOLUME.stream(id), at, m3, Quantity.VOLUME.unit(), totalQuality);
            if (prev == null || !now.at().isAfter(prev.at())) {
                return List.of(volume);
            }
            // Mean flow between the two counter reads that bracket this interval end.
            BigDecimal litres = factor.multiply(BigDecimal.valueOf(now.total() - prev.total()));
            BigDecimal millis = BigDecimal.valueOf(Duration.between(prev.at(), now.at()).toMillis());
            BigDecimal perMinute = litres.multiply(MS_PER_MINUTE).divide(millis, 2, RoundingMode.HALF_EVEN);
            return List.of(volume, Reading.of(Quantity.FLOW.stream(id), at, perMinute, Quantity.FLOW.unit(),
                    powerQuality));
        }
        BigDecimal kwh = value(totalPulses, scale);
        Reading energy = Reading.of(Quantity.ENERGY.stream(id), at, kwh, Quantity.ENERGY.unit(), totalQuality);
        if (prev == null || !now.at().isAfter(prev.at())) {
            return List.of(energy);
        }
        // Mean power between the two counter reads that bracket this interval end.
        BigDecimal pulses = BigDecimal.valueOf(now.total() - prev.total());
        BigDecimal millis = BigDecimal.valueOf(Duration.between(prev.at(), now.at()).toMillis());
        BigDecimal watts = pulses.multiply(MS_PER_HOUR_TIMES_1000)
                .divide(factor.multiply(millis), 1, RoundingMode.HALF_EVEN);
        return List.of(energy, Reading.of(Quantity.POWER.stream(id), at, watts, Quantity.POWER.unit(), powerQuality));
    }
}

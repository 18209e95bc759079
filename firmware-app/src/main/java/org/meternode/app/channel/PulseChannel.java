package org.meternode.app.channel;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
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
    /** Monotonic time ({@code Sleeper.elapsedNanos}); null: rates divide by the clock's span. */
    private final LongSupplier elapsedNanos;
    /** This process's last counter read, with the monotonic time it was taken at. */
    private volatile Read lastRead;

    private record Read(Instant at, long rawTotal, long elapsedNanos) {
    }

    private PulseChannel(String id, PulseCounter counter, Quantity total, BigDecimal pulsesPerKwh,
            BigDecimal litresPerPulse, LongSupplier elapsedNanos) {
        this.id = id;
        this.counter = counter;
        this.total = total;
        this.pulsesPerKwh = pulsesPerKwh;
        this.litresPerPulse = litresPerPulse;
        this.elapsedNanos = elapsedNanos;
    }

    /** An electricity meter's S0 or LED output, {@code pulsesPerKwh} impulses per kWh. */
    public static PulseChannel electricity(String id, PulseCounter counter, BigDecimal pulsesPerKwh) {
        return new PulseChannel(id, counter, Quantity.ENERGY, pulsesPerKwh, null, null);
    }

    /**
     * As {@link #electricity(String, PulseCounter, BigDecimal)}, with mean power over the time that
     * really passed between two reads ({@code elapsedNanos}, monotonic), so a clock step between them
     * does not make it wrong.
     */
    public static PulseChannel electricity(String id, PulseCounter counter, BigDecimal pulsesPerKwh,
            LongSupplier elapsedNanos) {
        return new PulseChannel(id, counter, Quantity.ENERGY, pulsesPerKwh, null, elapsedNanos);
    }

    /** A water (or gas) meter's reed contact, {@code litresPerPulse} litres per pulse. */
    public static PulseChannel water(String id, PulseCounter counter, BigDecimal litresPerPulse) {
        return new PulseChannel(id, counter, Quantity.VOLUME, null, litresPerPulse, null);
    }

    /** As {@link #water(String, PulseCounter, BigDecimal)}, with flow over monotonic time (see electricity). */
    public static PulseChannel water(String id, PulseCounter counter, BigDecimal litresPerPulse,
            LongSupplier elapsedNanos) {
        return new PulseChannel(id, counter, Quantity.VOLUME, null, litresPerPulse, elapsedNanos);
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
        Long nowElapsed = elapsedNanos == null ? null : elapsedNanos.getAsLong();
        CounterState state = nextState(now, previous);
        Duration span = previous.map(prev -> span(prev, state, nowElapsed)).orElse(Duration.ZERO);
        List<Reading> readings = new ArrayList<>();
        if (previous.isPresent()) {
            CounterState prev = previous.get();
            for (Instant m : missed) {
                if (m.isAfter(prev.at()) && m.isBefore(state.at())) {
                    readings.addAll(readingsAt(m, interpolate(prev, state, m), prev, state, span, Quality.INTERPOLATED,
                            Quality.INTERPOLATED));
                }
            }
        }
        Quality powerQuality = missed.isEmpty() ? Quality.GOOD : Quality.INTERPOLATED;
        readings.addAll(readingsAt(intervalEnd, state.total(), previous.orElse(null), state, span, Quality.GOOD,
                powerQuality));
        if (nowElapsed != null) {
            lastRead = new Read(state.at(), state.rawTotal(), nowElapsed);
        }
        return new Sample(readings, Optional.of(state));
    }

    /**
     * The time between the previous read and this one that rates divide by. The clock's span, unless
     * the previous state is this process's own last read and the monotonic time that passed is longer:
     * then the clock was set back between the reads (NTP), and the pulses came over the monotonic time.
     * The longer of the two, because a monotonic clock stands still while the board is suspended, and
     * a clock stepped forward looks the same as a suspend from here; after a restart there is no
     * monotonic time to compare with.
     */
    private Duration span(CounterState prev, CounterState now, Long nowElapsed) {
        Duration wall = Duration.between(prev.at(), now.at());
        Read last = lastRead;
        if (nowElapsed == null || last == null || !last.at().equals(prev.at()) || last.rawTotal() != prev.rawTotal()) {
            return wall;
        }
        Duration monotonic = Duration.ofNanos(nowElapsed - last.elapsedNanos());
        return monotonic.compareTo(wall) > 0 ? monotonic : wall;
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
            Duration span, Quality totalQuality, Quality powerQuality) {
        CounterState.Scale scale = now.scale();
        BigDecimal factor = scale.factor();
        if (total == Quantity.VOLUME) {
            BigDecimal m3 = value(totalPulses, scale);
            Reading volume = Reading.of(Quantity.VOLUME.stream(id), at, m3, Quantity.VOLUME.unit(), totalQuality);
            if (prev == null || span.toMillis() <= 0) {
                return List.of(volume);
            }
            // Mean flow between the two counter reads that bracket this interval end.
            BigDecimal litres = factor.multiply(BigDecimal.valueOf(now.total() - prev.total()));
            BigDecimal millis = BigDecimal.valueOf(span.toMillis());
            BigDecimal perMinute = litres.multiply(MS_PER_MINUTE).divide(millis, 2, RoundingMode.HALF_EVEN);
            return List.of(volume, Reading.of(Quantity.FLOW.stream(id), at, perMinute, Quantity.FLOW.unit(),
                    powerQuality));
        }
        BigDecimal kwh = value(totalPulses, scale);
        Reading energy = Reading.of(Quantity.ENERGY.stream(id), at, kwh, Quantity.ENERGY.unit(), totalQuality);
        if (prev == null || span.toMillis() <= 0) {
            return List.of(energy);
        }
        // Mean power between the two counter reads that bracket this interval end.
        BigDecimal pulses = BigDecimal.valueOf(now.total() - prev.total());
        BigDecimal millis = BigDecimal.valueOf(span.toMillis());
        BigDecimal watts = pulses.multiply(MS_PER_HOUR_TIMES_1000)
                .divide(factor.multiply(millis), 1, RoundingMode.HALF_EVEN);
        return List.of(energy, Reading.of(Quantity.POWER.stream(id), at, watts, Quantity.POWER.unit(), powerQuality));
    }
}

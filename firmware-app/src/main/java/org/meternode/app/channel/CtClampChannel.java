package org.meternode.app.channel;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.meternode.app.outbox.CounterState;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.Reading;
import org.meternode.hal.sensor.CtClamp;

/** A mains CT clamp on an ADC input: RMS current at each interval end. */
public final class CtClampChannel implements Channel {
    private final String id;
    private volatile CtClamp clamp;

    public CtClampChannel(String id, CtClamp clamp) {
        this.id = id;
        this.clamp = clamp;
    }

    /** Applies a new current multiplier from the next sample on. */
    public void recalibrate(double calibration) {
        clamp = clamp.withCalibration(calibration);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<Quantity> quantities() {
        return List.of(Quantity.CURRENT);
    }

    /** Current is instantaneous: intervals the node missed cannot be reconstructed and get no reading. */
    @Override
    public Sample sample(Instant intervalEnd, List<Instant> missed, Optional<CounterState> previous)
            throws IOException {
        BigDecimal amps = BigDecimal.valueOf(clamp.measureAmpsRms()).setScale(3, RoundingMode.HALF_EVEN);
        return new Sample(List.of(Reading.of(Quantity.CURRENT.stream(id), intervalEnd, amps,
                Quantity.CURRENT.unit(), Reading.Quality.GOOD)), Optional.empty());
    }
}

package org.meternode.app.channel;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.meternode.app.outbox.CounterState;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.ReadingStream;
import org.meternode.app.reading.Reading;
import org.meternode.hal.sensor.CtClamp;

/**
 * A mains CT clamp on an ADC input: RMS current at each interval end, and with a nominal voltage
 * also apparent power ({@code <id>.apparent-power}, VA = Irms x volts).
 */
public final class CtClampChannel implements Channel {
    private final String id;
    private final OptionalDouble volts;
    private volatile CtClamp clamp;

    public CtClampChannel(String id, CtClamp clamp) {
        this(id, clamp, OptionalDouble.empty());
    }

    /** @param volts nominal mains voltage; when present the channel also reports apparent power */
    public CtClampChannel(String id, CtClamp clamp, OptionalDouble volts) {
        this.id = id;
        this.clamp = clamp;
        this.volts = volts;
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
    public List<ReadingStream> streams() {
        return volts.isPresent() ? List.of(ReadingStream.of(Quantity.CURRENT), ReadingStream.of(Quantity.APPARENT_POWER))
                : List.of(ReadingStream.of(Quantity.CURRENT));
    }

    /** Current is instantaneous: intervals the node missed cannot be reconstructed and get no reading. */
    @Override
    public Sample sample(Instant intervalEnd, List<Instant> missed, Optional<CounterState> previous)
            throws IOException {
        double ampsRms = clamp.measureAmpsRms();
        BigDecimal amps = BigDecimal.valueOf(ampsRms).setScale(3, RoundingMode.HALF_EVEN);
        Reading current = Reading.of(Quantity.CURRENT.stream(id), intervalEnd, amps,
                Quantity.CURRENT.unit(), Reading.Quality.GOOD);
        if (volts.isEmpty()) {
            return new Sample(List.of(current), Optional.empty());
        }
        BigDecimal va = BigDecimal.valueOf(CtClamp.apparentPowerVa(ampsRms, volts.getAsDouble()))
                .setScale(1, RoundingMode.HALF_EVEN);
        return new Sample(List.of(current, Reading.of(Quantity.APPARENT_POWER.stream(id), intervalEnd, va,
                Quantity.APPARENT_POWER.unit(), Reading.Quality.GOOD)), Optional.empty());
    }
}

package org.meternode.app.reading;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One stream of readings a channel reports: its name within the channel and what it measures. A
 * stream is usually named after its quantity ({@code grid.energy}); a channel that reports one
 * quantity several times (a meter's two tariff registers) names them itself ({@code p1.import-t1}).
 *
 * @param name     the part after the channel id, {@code energy} or a configured name
 * @param quantity what the stream measures, with its unit
 */
public record ReadingStream(String name, Quantity quantity) {
    /** What a configured stream name may look like: like a channel id, so stream names stay plain. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    public ReadingStream {
        Objects.requireNonNull(quantity, "quantity");
        if (!NAME.matcher(Objects.requireNonNull(name, "name")).matches()) {
            throw new IllegalArgumentException("stream name '" + name + "' must match " + NAME.pattern());
        }
    }

    /** The stream named after its quantity. */
    public static ReadingStream of(Quantity quantity) {
        return new ReadingStream(quantity.suffix(), quantity);
    }

    /** Whether the name was configured rather than taken from the quantity. */
    public boolean named() {
        return !name.equals(quantity.suffix());
    }

    /** A reading of this stream of {@code channelId}, in the quantity's unit. */
    public Reading reading(String channelId, Instant at, BigDecimal value, Reading.Quality quality) {
        return Reading.of(in(channelId), at, value, quantity.unit(), quality);
    }

    /** A GOOD reading of a measured value rounded half-even to {@code decimals} places. */
    public Reading measured(String channelId, Instant at, double value, int decimals) {
        return reading(channelId, at, BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_EVEN),
                Reading.Quality.GOOD);
    }

    /** The full stream name for {@code channelId}: {@code grid.energy}, {@code p1.import-t1}. */
    public String in(String channelId) {
        return channelId + "." + name;
    }
}

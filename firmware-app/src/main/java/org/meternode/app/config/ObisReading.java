package org.meternode.app.config;

import java.util.Objects;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.ReadingStream;

/**
 * One OBIS value to report (dsmr, sml and iec62056 channels).
 *
 * @param obis   OBIS code as the meter writes it, e.g. {@code 1-0:1.8.1}
 * @param stream the stream it is reported as, in meternode's unit of its quantity
 */
public record ObisReading(String obis, ReadingStream stream) implements MeterReading {
    /** One readings item, for messages. */
    public static final String EXAMPLE = "{ obis: 1-0:1.8.1, quantity: energy }";

    public ObisReading {
        Objects.requireNonNull(obis, "obis");
        Objects.requireNonNull(stream, "stream");
    }

    /** A reading named after its quantity. */
    public ObisReading(String obis, Quantity quantity) {
        this(obis, ReadingStream.of(quantity));
    }

    /** Reads one readings item's {@code obis:}; null after a problem. */
    public static ObisReading read(ChannelSection reading, ReadingStream stream) {
        String obis = reading.get(SerialKeys.READING_OBIS);
        return obis == null ? null : new ObisReading(obis, stream);
    }

    @Override
    public String source() {
        return "OBIS " + obis;
    }
}

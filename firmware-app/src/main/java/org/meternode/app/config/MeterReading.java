package org.meternode.app.config;

import java.util.HashSet;
import java.util.List;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.ReadingStream;

/** One value of a serial meter to report: where it sits in the meter's data and the stream it becomes. */
public interface MeterReading {
    /** The stream the value is reported as. */
    ReadingStream stream();

    /** Where the value comes from, for messages: {@code OBIS 1-0:1.8.0}, {@code record 3}. */
    String source();

    default Quantity quantity() {
        return stream().quantity();
    }

    /** An unmodifiable copy; at least one reading and no two with the same stream name. */
    static <R extends MeterReading> List<R> checked(String channelId, List<R> readings) {
        List<R> copy = List.copyOf(readings);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("channel '" + channelId + "': needs at least one reading");
        }
        var seen = new HashSet<String>();
        for (R r : copy) {
            if (!seen.add(r.stream().name())) {
                throw new IllegalArgumentException("channel '" + channelId + "': two readings named " + r.stream().name());
            }
        }
        return copy;
    }
}

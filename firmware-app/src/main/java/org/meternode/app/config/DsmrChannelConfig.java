package org.meternode.app.config;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.ReadingStream;

/**
 * A DSMR / e-MUCS smart meter read on its P1 serial port. The port is opened by path, not through
 * the board profile. Each configured reading takes one OBIS value of the latest telegram and
 * reports it as the stream {@code <id>.<quantity>}, or {@code <id>.<name>} when the reading is
 * named (two tariff registers are both energy).
 *
 * @param id       channel id
 * @param port     serial device path, e.g. {@code /dev/ttyUSB0}
 * @param version  P1 generation: {@code 5} (DSMR 4/5, e-MUCS: 115200 8N1) or {@code 2.2} (9600 7E1)
 * @param readings OBIS values to report, stream names unique
 */
public record DsmrChannelConfig(String id, String port, String version, List<Reading> readings)
        implements ChannelConfig {
    public DsmrChannelConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(version, "version");
        readings = List.copyOf(readings);
        if (readings.isEmpty()) {
            throw new IllegalArgumentException("channel '" + id + "': needs at least one reading");
        }
        var seen = new HashSet<String>();
        for (Reading r : readings) {
            if (!seen.add(r.stream().name())) {
                throw new IllegalArgumentException("channel '" + id + "': two readings named " + r.stream().name());
            }
        }
    }

    /** The serial port: a dsmr channel's "input" is its device path. */
    @Override
    public String input() {
        return port;
    }

    /**
     * One OBIS value to report.
     *
     * @param obis   OBIS code as the telegram writes it, e.g. {@code 1-0:1.8.1}
     * @param stream the stream it is reported as; power in kW on the wire is reported in W
     */
    public record Reading(String obis, ReadingStream stream) {
        public Reading {
            Objects.requireNonNull(obis, "obis");
            Objects.requireNonNull(stream, "stream");
        }

        /** A reading named after its quantity. */
        public Reading(String obis, Quantity quantity) {
            this(obis, ReadingStream.of(quantity));
        }

        public Quantity quantity() {
            return stream.quantity();
        }
    }
}

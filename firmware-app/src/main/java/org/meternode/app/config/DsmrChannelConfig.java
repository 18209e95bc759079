package org.meternode.app.config;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.meternode.app.reading.Quantity;

/**
 * A DSMR / e-MUCS smart meter read on its P1 serial port. The port is opened by path, not through
 * the board profile. Each configured reading takes one OBIS value of the latest telegram and
 * reports it as the stream {@code <id>.<quantity>}, so a channel has at most one reading per
 * quantity.
 *
 * @param id       channel id
 * @param port     serial device path, e.g. {@code /dev/ttyUSB0}
 * @param version  P1 generation: {@code 5} (DSMR 4/5, e-MUCS: 115200 8N1) or {@code 2.2} (9600 7E1)
 * @param readings OBIS values to report, at most one per quantity
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
        var seen = new HashSet<Quantity>();
        for (Reading r : readings) {
            if (!seen.add(r.quantity())) {
                throw new IllegalArgumentException("channel '" + id + "': two readings of " + r.quantity());
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
     * @param obis     OBIS code as the telegram writes it, e.g. {@code 1-0:1.8.1}
     * @param quantity what it measures; power in kW on the wire is reported in W
     */
    public record Reading(String obis, Quantity quantity) {
        public Reading {
            Objects.requireNonNull(obis, "obis");
            Objects.requireNonNull(quantity, "quantity");
        }
    }
}

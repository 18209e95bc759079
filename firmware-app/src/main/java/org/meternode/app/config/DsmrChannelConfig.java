package org.meternode.app.config;

import java.util.List;
import java.util.Objects;

/**
 * A DSMR / e-MUCS smart meter read on its P1 serial port, which the board profile opens. Each configured reading takes one OBIS value of the latest telegram and
 * reports it as the stream {@code <id>.<quantity>}, or {@code <id>.<name>} when the reading is
 * named (two tariff registers are both energy).
 *
 * @param id       channel id
 * @param port     serial device path, e.g. {@code /dev/ttyUSB0}
 * @param version  P1 generation: {@code 5} (DSMR 4/5, e-MUCS: 115200 8N1) or {@code 2.2} (9600 7E1)
 * @param readings OBIS values to report, stream names unique
 * @param maxAge   how old the latest telegram may be at a sample; empty: two measured push periods
 */
public record DsmrChannelConfig(String id, String port, String version, List<ObisReading> readings,
                                java.util.Optional<java.time.Duration> maxAge) implements ChannelConfig {
    public DsmrChannelConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(maxAge, "maxAge");
        readings = MeterReading.checked(id, readings);
    }

    /** With the default max-age (two measured push periods). */
    public DsmrChannelConfig(String id, String port, String version, List<ObisReading> readings) {
        this(id, port, version, readings, java.util.Optional.empty());
    }

    /** The serial port: a dsmr channel's "input" is its device path. */
    @Override
    public String input() {
        return port;
    }

    @Override
    public String type() {
        return org.meternode.app.channel.DsmrType.NAME;
    }
}

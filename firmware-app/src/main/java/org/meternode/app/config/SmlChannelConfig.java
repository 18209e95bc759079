package org.meternode.app.config;

import java.util.List;
import java.util.Objects;
import org.meternode.hal.serial.SerialSettings;

/**
 * An SML push meter (German eHZ, EDL) read through an optical IR head: the meter sends an SML file
 * every one to four seconds; configured OBIS entries of the latest good file become readings.
 */
public record SmlChannelConfig(String id, String port, SerialSettings serial, List<ObisReading> readings,
                               java.util.Optional<java.time.Duration> maxAge) implements SerialMeterConfig {
    /** eHZ optical interfaces: 9600 8N1. */
    public static final SerialSettings DEFAULT_SERIAL = new SerialSettings(9600, 8, SerialSettings.Parity.NONE, 1);

    public SmlChannelConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(maxAge, "maxAge");
        readings = MeterReading.checked(id, readings);
    }

    /** With the default max-age (two measured push periods). */
    public SmlChannelConfig(String id, String port, SerialSettings serial, List<ObisReading> readings) {
        this(id, port, serial, readings, java.util.Optional.empty());
    }

    @Override
    public String type() {
        return org.meternode.app.channel.SmlType.NAME;
    }
}

package org.meternode.app.config;

import java.util.List;
import java.util.Objects;
import org.meternode.hal.serial.SerialSettings;

/**
 * An SML push meter (German eHZ, EDL) read through an optical IR head: the meter sends an SML file
 * every one to four seconds; configured OBIS entries of the latest good file become readings.
 */
public record SmlChannelConfig(String id, String port, SerialSettings serial, List<ObisReading> readings)
        implements SerialMeterConfig {
    /** eHZ optical interfaces: 9600 8N1. */
    public static final SerialSettings DEFAULT_SERIAL = new SerialSettings(9600, 8, SerialSettings.Parity.NONE, 1);

    public SmlChannelConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(serial, "serial");
        readings = MeterReading.checked(id, readings);
    }

    @Override
    public String type() {
        return ConfigKeys.SML;
    }
}

package org.meternode.app.config;

import java.util.List;
import java.util.Objects;
import org.meternode.hal.serial.SerialSettings;

/**
 * An IEC 62056-21 meter on an optical (D0) probe: read out in mode C at each sample (sign-on at the
 * start rate, then the rate the meter offers), or, in push mode, a unidirectional meter that sends
 * by itself. The data block's BCC is checked.
 *
 * @param deviceAddress sent in the sign-on {@code /?address!}; empty for any meter
 * @param serial        the start rate (mode c) or the push rate, with the framing
 * @param maxAge        push mode: how old the latest data block may be; empty: two measured push periods
 */
public record Iec62056ChannelConfig(String id, String port, Mode mode, String deviceAddress, SerialSettings serial,
                                    List<ObisReading> readings, java.util.Optional<java.time.Duration> maxAge)
        implements SerialMeterConfig {
    /** How the meter gives its data. */
    public enum Mode { C, PUSH }

    /** Mode c signs on at 300 7E1. */
    public static final SerialSettings MODE_C_SERIAL = SerialSettings.IEC_62056_21_START;
    /** Push meters commonly send at 9600 7E1. */
    public static final SerialSettings PUSH_SERIAL = new SerialSettings(9600, 7, SerialSettings.Parity.EVEN, 1);

    public Iec62056ChannelConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(deviceAddress, "deviceAddress");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(maxAge, "maxAge");
        readings = MeterReading.checked(id, readings);
    }

    /** With the default max-age (two measured push periods; unused in mode c). */
    public Iec62056ChannelConfig(String id, String port, Mode mode, String deviceAddress, SerialSettings serial,
                                 List<ObisReading> readings) {
        this(id, port, mode, deviceAddress, serial, readings, java.util.Optional.empty());
    }

    @Override
    public String type() {
        return org.meternode.app.channel.Iec62056Type.NAME;
    }
}

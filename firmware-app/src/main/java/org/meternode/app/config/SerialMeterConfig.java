package org.meternode.app.config;

import java.util.List;
import org.meternode.hal.serial.SerialSettings;

/**
 * A meter read over a serial port opened through the board profile, other than dsmr:
 * sml, iec62056 and mbus channels. Their {@link #input()} is the port.
 */
public sealed interface SerialMeterConfig extends ChannelConfig
        permits SmlChannelConfig, Iec62056ChannelConfig, MbusChannelConfig {
    /** Serial device path, e.g. {@code /dev/ttyUSB0}. */
    String port();

    /** Rate and framing the port is opened with. */
    SerialSettings serial();

    /** The values to report. */
    List<? extends MeterReading> readings();

    @Override
    default String input() {
        return port();
    }
}

package org.meternode.app.config;

/** One meter the node reads; the record type says how it is read. */
public sealed interface ChannelConfig permits PulseChannelConfig, CtClampChannelConfig, DcPowerChannelConfig,
        DsmrChannelConfig, SerialMeterConfig {
    /** Unique channel name, used in readings and at the server. */
    String id();

    /** The board's name for the pin or ADC input the meter is wired to; for serial meter channels the port path. */
    String input();
}

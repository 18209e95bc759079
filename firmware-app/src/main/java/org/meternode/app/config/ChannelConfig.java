package org.meternode.app.config;

/**
 * One meter the node reads; the record type says how it is read, and {@link #type()} names the
 * channel type ({@code org.meternode.app.channel.ChannelTypes}) that reads, checks and opens it.
 */
public interface ChannelConfig {
    /** Unique channel name, used in readings and at the server. */
    String id();

    /** The board's name for the pin or ADC input the meter is wired to; for serial meter channels the port path. */
    String input();

    /** The channel type as written in the config ({@code pulse}, {@code mbus}, ...). */
    String type();
}

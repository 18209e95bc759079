package org.meternode.app.channel.wmbus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.meternode.app.config.ChannelConfig;
import org.meternode.app.config.MbusChannelConfig;
import org.meternode.app.config.MeterReading;
import org.meternode.hal.meter.wmbus.stick.WmbusMode;

/**
 * A wireless M-Bus meter heard through a USB stick: the stick (kind, port, radio mode), the meter's
 * id that its telegrams must carry, the key file holding its AES key (if it encrypts), how long it
 * may be silent before its readings are FAULT, and which of its records become readings.
 */
public record WmbusChannelConfig(String id, String port, String stick, WmbusMode mode, String meterId,
                                 Optional<Path> keyFile, Duration silence,
                                 List<MbusChannelConfig.Reading> readings) implements ChannelConfig {
    public WmbusChannelConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(stick, "stick");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(silence, "silence");
        readings = MeterReading.checked(id, readings);
    }

    @Override
    public String input() {
        return port;
    }

    @Override
    public String type() {
        return WmbusType.NAME;
    }
}

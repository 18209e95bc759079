package org.meternode.app.channel;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.meternode.app.config.ChannelSection;
import org.meternode.app.config.ConfigKey;
import org.meternode.app.config.ObisReading;
import org.meternode.app.config.SerialKeys;
import org.meternode.app.config.SmlChannelConfig;
import org.meternode.hal.Board;
import org.meternode.hal.serial.SerialSettings;

/** {@code type: sml}: an SML push meter (German eHZ, EDL) read through an optical IR head. */
public final class SmlType implements ChannelType<SmlChannelConfig> {
    public static final String NAME = "sml";
    public static final SmlType INSTANCE = new SmlType();

    private SmlType() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<SmlChannelConfig> configType() {
        return SmlChannelConfig.class;
    }

    @Override
    public List<ConfigKey<?>> keys() {
        return List.of(SerialKeys.PORT, SerialKeys.MAX_AGE, SerialKeys.BAUD, SerialKeys.FRAMING, SerialKeys.READINGS,
                SerialKeys.READING_OBIS, SerialKeys.READING_QUANTITY, SerialKeys.READING_NAME);
    }

    @Override
    public boolean readsPort() {
        return true;
    }

    @Override
    public SmlChannelConfig read(ChannelSection s) {
        String port = s.get(SerialKeys.PORT);
        SerialSettings serial = s.serial(SmlChannelConfig.DEFAULT_SERIAL);
        List<ObisReading> readings = s.readings(ObisReading.EXAMPLE, ObisReading::read);
        Optional<Duration> maxAge = s.maxAge();
        if (readings == null || port == null || serial == null || s.id() == null || maxAge == null) {
            return null;
        }
        return new SmlChannelConfig(s.id(), port, serial, readings, maxAge);
    }

    @Override
    public Channel open(SmlChannelConfig sml, Board board) throws IOException {
        return SerialMeterChannel.open(sml.id(), sml.port(), sml.serial(), board,
                (line, clock) -> new SmlChannel(sml.id(), line, sml.readings(), sml.maxAge(), clock));
    }
}

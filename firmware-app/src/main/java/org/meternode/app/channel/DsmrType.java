package org.meternode.app.channel;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.meternode.app.config.ChannelSection;
import org.meternode.app.config.ConfigKey;
import org.meternode.app.config.DsmrChannelConfig;
import org.meternode.app.config.ObisReading;
import org.meternode.app.config.SerialKeys;
import org.meternode.app.config.ValueType;
import org.meternode.hal.Board;

/** {@code type: dsmr}: a DSMR / e-MUCS smart meter pushing telegrams on its P1 port. */
public final class DsmrType implements ChannelType<DsmrChannelConfig> {
    public static final String NAME = "dsmr";
    public static final DsmrType INSTANCE = new DsmrType();

    public static final ConfigKey<String> VERSION = ConfigKey.of("channels[].version",
            ValueType.oneOf(List.of("5", "2.2")),
            "P1 generation: 5 for DSMR 4/5 and e-MUCS (115200 8N1), 2.2 for DSMR 2.2/3 (9600 7E1).")
            .withDefault("5");

    private DsmrType() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<DsmrChannelConfig> configType() {
        return DsmrChannelConfig.class;
    }

    @Override
    public List<ConfigKey<?>> keys() {
        return List.of(SerialKeys.PORT, VERSION, SerialKeys.MAX_AGE, SerialKeys.READINGS, SerialKeys.READING_OBIS,
                SerialKeys.READING_QUANTITY, SerialKeys.READING_NAME);
    }

    @Override
    public boolean readsPort() {
        return true;
    }

    @Override
    public DsmrChannelConfig read(ChannelSection s) {
        String port = s.get(SerialKeys.PORT);
        String version = s.get(VERSION);
        List<ObisReading> readings = s.readings(ObisReading.EXAMPLE, ObisReading::read);
        Optional<Duration> maxAge = s.maxAge();
        if (readings == null || port == null || version == null || s.id() == null || maxAge == null) {
            return null;
        }
        return new DsmrChannelConfig(s.id(), port, version, readings, maxAge);
    }

    @Override
    public Channel open(DsmrChannelConfig config, Board board) throws IOException {
        return DsmrChannel.open(config, board);
    }
}

package org.meternode.app.channel;

import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;
import org.meternode.app.config.ChannelSection;
import org.meternode.app.config.ConfigKey;
import org.meternode.app.config.MbusChannelConfig;
import org.meternode.app.config.SerialKeys;
import org.meternode.app.config.ValueType;
import org.meternode.app.reading.ReadingStream;
import org.meternode.hal.Board;
import org.meternode.hal.meter.mbus.MbusMaster;
import org.meternode.hal.serial.SerialSettings;

/** {@code type: mbus}: a wired M-Bus meter polled through a level converter. */
public final class MbusType implements ChannelType<MbusChannelConfig> {
    public static final String NAME = "mbus";
    public static final MbusType INSTANCE = new MbusType();
    /** One readings item, for messages. */
    public static final String RECORD_EXAMPLE = "{ record: 0, quantity: volume }";

    public static final ConfigKey<String> ADDRESS = ConfigKey.of("channels[].address",
            ValueType.text("\\d{1,3}|\\d{8}"), "The meter on the bus: a primary address 0..250, or its 8-digit secondary"
                    + " id (identification number, as meterctl mbus scan prints it), selected with wildcard"
                    + " manufacturer, version and medium.")
            .required("5");

    private MbusType() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<MbusChannelConfig> configType() {
        return MbusChannelConfig.class;
    }

    @Override
    public List<ConfigKey<?>> keys() {
        return List.of(SerialKeys.PORT, SerialKeys.READINGS, SerialKeys.READING_QUANTITY, SerialKeys.READING_NAME,
                SerialKeys.BAUD, SerialKeys.FRAMING, ADDRESS, SerialKeys.READING_RECORD, SerialKeys.READING_DESCRIPTION,
                SerialKeys.READING_TARIFF, SerialKeys.READING_STORAGE);
    }

    @Override
    public boolean readsPort() {
        return true;
    }

    @Override
    public MbusChannelConfig read(ChannelSection s) {
        String port = s.get(SerialKeys.PORT);
        String address = s.get(ADDRESS);
        SerialSettings serial = s.serial(SerialSettings.MBUS);
        List<MbusChannelConfig.Reading> readings = s.readings(RECORD_EXAMPLE, MbusType::recordReading);
        if (address != null && address.length() <= 3 && Integer.parseInt(address) > MbusMaster.MAX_PRIMARY_ADDRESS) {
            s.error(ADDRESS, "primary address " + address + " is above " + MbusMaster.MAX_PRIMARY_ADDRESS
                    + " (251..255 are reserved); give 0.." + MbusMaster.MAX_PRIMARY_ADDRESS
                    + " or the meter's 8-digit secondary id");
            return null;
        }
        if (readings == null || port == null || address == null || serial == null || s.id() == null) {
            return null;
        }
        boolean primary = address.length() <= 3;
        return new MbusChannelConfig(s.id(), port, primary ? OptionalInt.of(Integer.parseInt(address))
                : OptionalInt.empty(), primary ? null : address, serial, readings);
    }

    /** One readings item selecting an M-Bus record by index or by description; null after a problem. */
    public static MbusChannelConfig.Reading recordReading(ChannelSection reading, ReadingStream stream) {
        Integer record = reading.get(SerialKeys.READING_RECORD);
        String description = reading.get(SerialKeys.READING_DESCRIPTION);
        Integer tariff = reading.get(SerialKeys.READING_TARIFF);
        Integer storage = reading.get(SerialKeys.READING_STORAGE);
        boolean byRecord = reading.has(SerialKeys.READING_RECORD);
        boolean byDescription = reading.has(SerialKeys.READING_DESCRIPTION);
        if (byRecord == byDescription) {
            if (byRecord) {
                reading.error(SerialKeys.READING_DESCRIPTION, "give either record (an index) or description, not both");
            } else {
                reading.error("an M-Bus reading needs record: (the record's index, e.g. record: 0) or description:"
                        + " (e.g. description: VOLUME)");
            }
            return null;
        }
        boolean tariffSet = tariff != null && tariff != 0;
        if (byRecord && (tariffSet || (storage != null && storage != 0))) {
            reading.error(tariffSet ? SerialKeys.READING_TARIFF : SerialKeys.READING_STORAGE,
                    "selects among records with the same description; with record: the index alone picks the record");
            return null;
        }
        if ((byRecord && record == null) || (byDescription && description == null) || tariff == null || storage == null) {
            return null;
        }
        return byRecord ? MbusChannelConfig.Reading.ofRecord(record, stream)
                : new MbusChannelConfig.Reading(OptionalInt.empty(), description, tariff, storage, stream);
    }

    @Override
    public Channel open(MbusChannelConfig mbus, Board board) throws IOException {
        return SerialMeterChannel.open(mbus.id(), mbus.port(), mbus.serial(), board,
                (line, clock) -> MbusChannel.open(mbus, line));
    }
}

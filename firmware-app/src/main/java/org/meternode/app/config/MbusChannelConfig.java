package org.meternode.app.config;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.meternode.app.reading.ReadingStream;
import org.meternode.hal.serial.SerialSettings;

/**
 * A wired M-Bus meter polled through a level converter: SND_NKE when the channel opens, a REQ_UD2
 * readout (all telegrams of a multi-telegram response) at each sample. The meter is addressed by
 * primary address or by its secondary id.
 *
 * @param primaryAddress 0..250, or empty when {@code secondaryId} is given
 * @param secondaryId    the 8-digit identification number, or null
 */
public record MbusChannelConfig(String id, String port, OptionalInt primaryAddress, String secondaryId,
                                SerialSettings serial, List<Reading> readings) implements SerialMeterConfig {
    public MbusChannelConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(serial, "serial");
        if (primaryAddress.isPresent() == (secondaryId != null)) {
            throw new IllegalArgumentException("channel '" + id + "': give a primary address or a secondary id");
        }
        readings = MeterReading.checked(id, readings);
    }

    @Override
    public String type() {
        return org.meternode.app.channel.MbusType.NAME;
    }

    /** The address as configured, for messages: {@code primary address 5}, {@code secondary id 12345678}. */
    public String address() {
        return primaryAddress.isPresent() ? "primary address " + primaryAddress.getAsInt()
                : "secondary id " + secondaryId;
    }

    /**
     * One record to report: by its index in the readout, or by description (the first instantaneous
     * record with that description, tariff and storage number).
     */
    public record Reading(OptionalInt record, String description, int tariff, int storage, ReadingStream stream)
            implements MeterReading {
        public Reading {
            Objects.requireNonNull(stream, "stream");
            if (record.isPresent() == (description != null)) {
                throw new IllegalArgumentException("an M-Bus reading needs record or description");
            }
        }

        /** The record with this index, as {@code quantity}'s stream. */
        public static Reading ofRecord(int index, ReadingStream stream) {
            return new Reading(OptionalInt.of(index), null, 0, 0, stream);
        }

        @Override
        public String source() {
            return record.isPresent() ? "record " + record.getAsInt()
                    : "record " + description + (tariff == 0 ? "" : " tariff " + tariff)
                            + (storage == 0 ? "" : " storage " + storage);
        }
    }
}

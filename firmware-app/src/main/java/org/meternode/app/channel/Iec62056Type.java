package org.meternode.app.channel;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.meternode.app.config.ChannelSection;
import org.meternode.app.config.ConfigKey;
import org.meternode.app.config.Iec62056ChannelConfig;
import org.meternode.app.config.ObisReading;
import org.meternode.app.config.SerialKeys;
import org.meternode.app.config.ValueType;
import org.meternode.hal.Board;
import org.meternode.hal.serial.SerialSettings;

/** {@code type: iec62056}: an IEC 62056-21 meter read through an optical (D0) probe, asked (mode c) or pushing. */
public final class Iec62056Type implements ChannelType<Iec62056ChannelConfig> {
    public static final String NAME = "iec62056";
    public static final Iec62056Type INSTANCE = new Iec62056Type();

    public static final ConfigKey<String> MODE = ConfigKey.of("channels[].mode",
            ValueType.oneOf(List.of("c", "push")),
            "c: the node asks for a readout at each sample (sign-on at 300 baud, then the rate the meter offers;"
                    + " a meter answering in mode A (no switch) or B (switch without acknowledgement) is followed too);"
                    + " push: a unidirectional meter sends by itself, the latest good data block is reported.")
            .withDefault("c");
    public static final ConfigKey<String> DEVICE_ADDRESS = ConfigKey.of("channels[].device-address",
            ValueType.text("[0-9A-Za-z ]{1,32}"), "Mode c: the meter's device address sent in the sign-on (/?address!),"
                    + " needed when several meters share a bus; empty by default.")
            .example("00012345");

    private Iec62056Type() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<Iec62056ChannelConfig> configType() {
        return Iec62056ChannelConfig.class;
    }

    @Override
    public List<ConfigKey<?>> keys() {
        return List.of(SerialKeys.PORT, SerialKeys.MAX_AGE, SerialKeys.READINGS, SerialKeys.READING_OBIS,
                SerialKeys.READING_QUANTITY, SerialKeys.READING_NAME, SerialKeys.BAUD, SerialKeys.FRAMING, MODE,
                DEVICE_ADDRESS);
    }

    @Override
    public boolean readsPort() {
        return true;
    }

    @Override
    public Iec62056ChannelConfig read(ChannelSection s) {
        String port = s.get(SerialKeys.PORT);
        String modeName = s.get(MODE);
        String deviceAddress = s.get(DEVICE_ADDRESS);
        Iec62056ChannelConfig.Mode mode = "push".equals(modeName) ? Iec62056ChannelConfig.Mode.PUSH
                : Iec62056ChannelConfig.Mode.C;
        if (mode == Iec62056ChannelConfig.Mode.PUSH && s.has(DEVICE_ADDRESS)) {
            s.error(DEVICE_ADDRESS, "is sent in the mode c sign-on; a push meter is not asked, so remove it or use"
                    + " mode: c");
        }
        if (mode == Iec62056ChannelConfig.Mode.C && s.has(SerialKeys.MAX_AGE)) {
            s.error(SerialKeys.MAX_AGE, "applies to a meter that pushes; in mode c the node asks at each sample, so"
                    + " remove it or use mode: push");
        }
        Optional<Duration> maxAge = s.maxAge();
        SerialSettings serial = s.serial(mode == Iec62056ChannelConfig.Mode.PUSH
                ? Iec62056ChannelConfig.PUSH_SERIAL : Iec62056ChannelConfig.MODE_C_SERIAL);
        List<ObisReading> readings = s.readings(ObisReading.EXAMPLE, ObisReading::read);
        if (readings == null || port == null || modeName == null || serial == null || s.id() == null
                || (deviceAddress == null && s.has(DEVICE_ADDRESS)) || maxAge == null) {
            return null;
        }
        return new Iec62056ChannelConfig(s.id(), port, mode, deviceAddress == null ? "" : deviceAddress, serial,
                readings, maxAge);
    }

    @Override
    public Channel open(Iec62056ChannelConfig iec, Board board) throws IOException {
        return SerialMeterChannel.open(iec.id(), iec.port(), iec.serial(), board, (line, clock) ->
                iec.mode() == Iec62056ChannelConfig.Mode.PUSH
                        ? new Iec62056PushChannel(iec.id(), line, iec.serial(), iec.readings(), iec.maxAge(), clock)
                        : new Iec62056Channel(iec.id(), line, iec.serial(), iec.deviceAddress(), iec.readings()));
    }
}

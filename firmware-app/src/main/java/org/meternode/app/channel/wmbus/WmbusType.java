package org.meternode.app.channel.wmbus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.meternode.app.channel.Channel;
import org.meternode.app.channel.ChannelType;
import org.meternode.app.channel.MbusType;
import org.meternode.app.config.ChannelSection;
import org.meternode.app.config.ConfigKey;
import org.meternode.app.config.MbusChannelConfig;
import org.meternode.app.config.SerialKeys;
import org.meternode.app.config.ValueType;
import org.meternode.hal.Board;
import org.meternode.hal.meter.wmbus.stick.WmbusMode;
import org.meternode.hal.meter.wmbus.stick.WmbusSticks;

/**
 * {@code type: wmbus}: a wireless M-Bus (EN 13757-4, OMS) water, gas or heat meter heard through a
 * USB stick (IMST iM871A, Amber AMB8465); several channels (meters) may share one stick.
 */
public final class WmbusType implements ChannelType<WmbusChannelConfig> {
    public static final String NAME = "wmbus";
    public static final WmbusType INSTANCE = new WmbusType();

    public static final ConfigKey<String> STICK = ConfigKey.of("channels[].stick", ValueType.oneOf(WmbusSticks.KINDS),
            "The wM-Bus USB stick on port: im871a (IMST iM871A, 57600 baud) or amb8465 (Amber AMB8465, 9600 baud;"
                    + " the node turns on its command-mode output and RSSI once, a flash write).")
            .withDefault("im871a");
    public static final ConfigKey<String> RADIO_MODE = ConfigKey.of("channels[].radio-mode",
            ValueType.oneOf(WmbusMode.names()),
            "wM-Bus mode the stick receives in: t1 (most water and heat meters, frame format A), c1 (Kamstrup and"
                    + " newer OMS meters, frame format B) or s1 (stationary); every wmbus channel on one stick gives the same.")
            .withDefault("t1");
    public static final ConfigKey<String> METER_ID = ConfigKey.of("channels[].meter-id", ValueType.text("\\d{8}"),
            "The meter's 8-digit id as printed on it and as meterctl wmbus listen shows it; telegrams of other"
                    + " meters in range are ignored.").required("12345678");
    public static final ConfigKey<Path> KEY_FILE = ConfigKey.of("channels[].key-file", new ValueType.FilePath(),
            "File of AES-128 keys, one line per meter: '<meter-id> <32 hex digits>', mode 0600, relative to this"
                    + " file's directory; needed when the meter encrypts (security mode 5, OMS mode 7, Kamstrup ELL).")
            .example("/etc/meternode/wmbus.keys");
    public static final ConfigKey<Duration> SILENCE = ConfigKey.of("channels[].silence",
            new ValueType.Span(Duration.ofSeconds(10), Duration.ofDays(7)),
            "How long the meter may send nothing the node can decode before its readings are FAULT (meters send"
                    + " every few seconds to 15 minutes, and radio loses some telegrams).")
            .withDefault(Duration.ofHours(1));

    private WmbusType() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<WmbusChannelConfig> configType() {
        return WmbusChannelConfig.class;
    }

    @Override
    public List<ConfigKey<?>> keys() {
        return List.of(SerialKeys.PORT, STICK, RADIO_MODE, METER_ID, KEY_FILE, SILENCE, SerialKeys.READINGS,
                SerialKeys.READING_QUANTITY, SerialKeys.READING_NAME, SerialKeys.READING_RECORD,
                SerialKeys.READING_DESCRIPTION, SerialKeys.READING_TARIFF, SerialKeys.READING_STORAGE);
    }

    @Override
    public boolean readsPort() {
        return true;
    }

    @Override
    public boolean sharesPort() {
        return true;
    }

    @Override
    public WmbusChannelConfig read(ChannelSection s) {
        String port = s.get(SerialKeys.PORT);
        String stick = s.get(STICK);
        String mode = s.get(RADIO_MODE);
        String meterId = s.get(METER_ID);
        Optional<Path> keyFile = s.optional(KEY_FILE);
        Duration silence = s.get(SILENCE);
        List<MbusChannelConfig.Reading> readings = s.readings(MbusType.RECORD_EXAMPLE, MbusType::recordReading);
        if (readings != null && readings.stream().anyMatch(r -> r.stream().name().equals(WmbusChannel.RSSI.name()))) {
            s.error(SerialKeys.READINGS, "a reading named rssi would clash with the channel's own rssi stream"
                    + " (every wmbus channel reports its meter's signal strength as <id>.rssi): give it another name");
            return null;
        }
        if (keyFile != null && keyFile.isPresent() && !checkKeyFile(s, keyFile.get(), meterId)) {
            return null;
        }
        if (port == null || stick == null || mode == null || meterId == null || keyFile == null || silence == null
                || readings == null || s.id() == null) {
            return null;
        }
        return new WmbusChannelConfig(s.id(), port, stick, WmbusMode.of(mode).orElseThrow(), meterId, keyFile,
                silence, readings);
    }

    /** A key file that exists must be 0600 and well formed (it may be created after check-config). */
    private static boolean checkKeyFile(ChannelSection s, Path file, String meterId) {
        if (s.secretFile(KEY_FILE) == null) {
            return false;
        }
        if (!Files.exists(file)) {
            return true;
        }
        try {
            var keys = WmbusKeyFile.parse(file, Files.readAllLines(file));
            if (meterId != null && !keys.containsKey(meterId)) {
                s.error(KEY_FILE, file + " has no key for meter " + meterId + " (" + keys.size()
                        + " meter(s) in it); add a line '" + meterId + " <32 hex digits>', or remove key-file"
                        + " if the meter does not encrypt");
                return false;
            }
            return true;
        } catch (IOException e) {
            s.error(KEY_FILE, e.getMessage());
            return false;
        }
    }

    @Override
    public Channel open(WmbusChannelConfig config, Board board) throws IOException {
        return WmbusChannel.open(config, board);
    }
}

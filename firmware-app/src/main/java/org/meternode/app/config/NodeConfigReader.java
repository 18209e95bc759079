package org.meternode.app.config;

import static org.meternode.app.config.ConfigKeys.*;

import java.math.BigDecimal;
import java.net.URI;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.BiFunction;
import org.meternode.app.security.KeyFiles;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.ReadingStream;
import org.meternode.hal.meter.mbus.MbusMaster;
import org.meternode.hal.serial.SerialSettings;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Turns a composed YAML tree into a {@link NodeConfig}: each section read through its
 * {@link ConfigKeys}, then the checks that span keys. Returns null when anything was reported,
 * so that the caller throws instead of building half a config.
 */
final class NodeConfigReader {
    private static final Duration DAY = Duration.ofDays(1);
    private static final List<String> ROUND_DIVISORS_OF_A_DAY = List.of("1s", "2s", "5s", "10s", "15s", "20s",
            "30s", "1m", "2m", "5m", "6m", "10m", "15m", "20m", "30m", "1h", "2h", "3h", "4h", "6h", "8h", "12h", "1d");

    /** Which security keys belong to which modes. */
    private static final Map<ConfigKey<?>, List<String>> SECURITY_KEY_MODES = securityKeyModes();

    private final Problems problems;
    private final Path baseDir;
    private final String sourceName;

    NodeConfigReader(Problems problems, Path baseDir, String sourceName) {
        this.problems = problems;
        this.baseDir = baseDir;
        this.sourceName = sourceName;
    }

    NodeConfig read(Node rootNode, Path source) {
        if (rootNode == null) {
            problems.error(null, "", "the file is empty; check-config --print-defaults shows every key");
            return null;
        }
        if (!(rootNode instanceof MappingNode mapping)) {
            problems.error(rootNode, "", "expected a map of sections (node, board, channels, server, storage, ...), got "
                    + ValueType.kind(rootNode));
            return null;
        }
        YamlSection root = YamlSection.of("", rootNode, mapping, problems, baseDir);
        root.rejectUnknown(childrenOf(""), this::belongsElsewhere);

        YamlSection node = root.section(NODE, true);
        String endpoint = node.get(NODE_ENDPOINT);
        node.rejectUnknown(childrenOf(NODE.path()), this::belongsElsewhere);
        String board = root.get(BOARD);
        Map<String, Object> boardOptions = root.get(BOARD_OPTIONS);
        BoardOptionLocator locator = BoardOptionLocator.of(sourceName,
                root.has(BOARD_OPTIONS) ? root.position(BOARD_OPTIONS) : null, root.valueNode(BOARD_OPTIONS));
        SamplingConfig sampling = sampling(root.section(SAMPLING, false));
        Map<String, KeyPositions.At> inputPositions = new HashMap<>();
        List<ChannelConfig> channels = channels(root, inputPositions);
        ServerConfig server = server(root.section(SERVER, true), sampling);
        UplinkConfig uplink = uplink(root.section(UPLINK, false));
        YamlSection storage = root.section(STORAGE, true);
        Path storagePath = storage.get(STORAGE_PATH);
        storage.rejectUnknown(childrenOf(STORAGE.path()), this::belongsElsewhere);

        if (problems.errorCount() > 0) {
            return null;
        }
        return new NodeConfig(endpoint, board, boardOptions, locator, sampling, channels, server, uplink,
                storagePath, source, new KeyPositions(sourceName, inputPositions));
    }

    private SamplingConfig sampling(YamlSection section) {
        Duration interval = section.get(SAMPLING_INTERVAL);
        Boolean align = section.get(SAMPLING_ALIGN);
        section.rejectUnknown(childrenOf(SAMPLING.path()), this::belongsElsewhere);
        if (interval == null || align == null) {
            return null;
        }
        if (align && DAY.toMillis() % interval.toMillis() != 0) {
            problems.error(section.position(SAMPLING_INTERVAL), section.keyPath(SAMPLING_INTERVAL),
                    "must divide 1d exactly when sampling.align is true (was " + Durations.format(interval) + ")"
                            + nearestDivisors(interval) + ", or set align: false");
            return null;
        }
        return new SamplingConfig(interval, align);
    }

    /** The channels; where each one's board inputs are written goes into {@code inputPositions}. */
    private List<ChannelConfig> channels(YamlSection root, Map<String, KeyPositions.At> inputPositions) {
        Node listNode = root.valueNode(CHANNELS);
        if (listNode == null) {
            problems.error(root.position(CHANNELS), CHANNELS.path(),
                    "required: list at least one channel (check-config --print-defaults shows one of each type)");
            return null;
        }
        if (!(listNode instanceof SequenceNode sequence)) {
            problems.error(listNode, CHANNELS.path(), "expected a list of channels, got " + ValueType.kind(listNode));
            return null;
        }
        if (sequence.getValue().isEmpty()) {
            problems.error(listNode, CHANNELS.path(), "must list at least one channel");
            return null;
        }
        List<ChannelConfig> channels = new ArrayList<>();
        Map<String, String> idsSeen = new HashMap<>();
        Map<String, String> inputsSeen = new HashMap<>();
        Map<String, String> portsSeen = new HashMap<>();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            String path = CHANNELS.path() + "[" + i + "]";
            if (!(items.get(i) instanceof MappingNode item)) {
                problems.error(items.get(i), path, "expected a map with id, type and input, got " + ValueType.kind(items.get(i)));
                continue;
            }
            YamlSection channel = YamlSection.of(path, item, item, problems, baseDir);
            ChannelConfig config = channel(channel);
            unique(channel, CHANNEL_ID, idsSeen, "id");
            unique(channel, CHANNEL_INPUT, inputsSeen, "input");
            unique(channel, CT_VOLTAGE_INPUT, inputsSeen, "input");
            unique(channel, DSMR_PORT, portsSeen, "port");
            for (ConfigKey<String> key : List.of(CHANNEL_INPUT, CT_VOLTAGE_INPUT)) {
                Node value = channel.valueNode(key);
                if (value != null) {
                    inputPositions.put(channel.keyPath(key), new KeyPositions.At(Problems.line(value),
                            Problems.column(value)));
                }
            }
            channels.add(config);
        }
        return channels.contains(null) ? null : channels;
    }

    private ChannelConfig channel(YamlSection channel) {
        String id = channel.get(CHANNEL_ID);
        String type = channel.get(CHANNEL_TYPE);
        if (type == null) {
            channel.get(CHANNEL_INPUT);
            channel.rejectUnknown(childrenOf("channels[]"), name -> Optional.empty());
            return null;
        }
        if (SERIAL_TYPES.contains(type)) {
            channel.rejectUnknown(channelKeys(type), name -> name.equals(CHANNEL_INPUT.name())
                    ? Optional.of("; a " + type + " channel names its serial device with port:, e.g. port: /dev/ttyUSB0")
                    : otherChannelType(name, type));
            int before = problems.errorCount();
            ChannelConfig config = switch (type) {
                case SML -> sml(channel, id);
                case IEC62056 -> iec62056(channel, id);
                case MBUS -> mbus(channel, id);
                default -> dsmr(channel, id);
            };
            return id == null || problems.errorCount() > before ? null : config;
        }
        String input = channel.get(CHANNEL_INPUT);
        channel.rejectUnknown(channelKeys(type), name -> otherChannelType(name, type));
        int before = problems.errorCount();
        ChannelConfig config = switch (type) {
            case PULSE -> pulse(channel, id, input);
            case DC_POWER -> dcPower(channel, id, input);
            default -> ctClamp(channel, id, input);
        };
        return id == null || input == null || problems.errorCount() > before ? null : config;
    }

    private PulseChannelConfig pulse(YamlSection channel, String id, String input) {
        Duration debounce = channel.get(PULSE_DEBOUNCE);
        BigDecimal pulsesPerKwh = channel.get(PULSE_PULSES_PER_KWH);
        BigDecimal litresPerPulse = channel.get(PULSE_LITRES_PER_PULSE);
        boolean electricity = channel.has(PULSE_PULSES_PER_KWH);
        boolean water = channel.has(PULSE_LITRES_PER_PULSE);
        if (electricity && water) {
            ConfigKey<?> later = Problems.line(channel.position(PULSE_LITRES_PER_PULSE))
                    >= Problems.line(channel.position(PULSE_PULSES_PER_KWH)) ? PULSE_LITRES_PER_PULSE : PULSE_PULSES_PER_KWH;
            problems.error(channel.position(later), channel.keyPath(later),
                    "give either pulses-per-kwh (electricity) or litres-per-pulse (water), not both");
            return null;
        }
        if (!electricity && !water) {
            problems.error(channel.anchor(), channel.path(),
                    "a pulse channel needs pulses-per-kwh (electricity) or litres-per-pulse (water)");
            return null;
        }
        if (debounce == null || (electricity ? pulsesPerKwh == null : litresPerPulse == null) || id == null || input == null) {
            return null;
        }
        return new PulseChannelConfig(id, input, debounce,
                electricity ? PulseChannelConfig.Medium.ELECTRICITY : PulseChannelConfig.Medium.WATER,
                pulsesPerKwh, litresPerPulse);
    }

    private CtClampChannelConfig ctClamp(YamlSection channel, String id, String input) {
        CtClampChannelConfig.Ratio ratio = channel.get(CT_RATIO);
        BigDecimal burden = channel.get(CT_BURDEN_OHM);
        BigDecimal volts = channel.get(CT_VOLTS);
        Integer mainsHz = channel.get(CT_MAINS_HZ);
        Integer cycles = channel.get(CT_CYCLES);
        BigDecimal calibration = channel.get(CT_CALIBRATION);
        Optional<CtClampChannelConfig.VoltageInput> voltage = voltageInput(channel);
        if (ratio == null || burden == null || (volts == null && channel.has(CT_VOLTS)) || mainsHz == null
                || cycles == null || calibration == null || id == null || input == null || voltage == null) {
            return null;
        }
        return new CtClampChannelConfig(id, input, ratio.primaryAmps(), ratio.secondaryAmps(), burden.doubleValue(),
                volts == null ? OptionalDouble.empty() : OptionalDouble.of(volts.doubleValue()),
                mainsHz, cycles, calibration.doubleValue(), voltage);
    }

    /** The voltage reference of a CT channel: empty when not wired, null when its keys are wrong. */
    private Optional<CtClampChannelConfig.VoltageInput> voltageInput(YamlSection channel) {
        String input = channel.get(CT_VOLTAGE_INPUT);
        BigDecimal voltsPerVolt = channel.get(CT_VOLTS_PER_VOLT);
        boolean hasInput = channel.has(CT_VOLTAGE_INPUT);
        boolean hasRatio = channel.has(CT_VOLTS_PER_VOLT);
        if (!hasInput && !hasRatio) {
            return Optional.empty();
        }
        if (hasInput && channel.has(CT_VOLTS)) {
            problems.error(channel.position(CT_VOLTS), channel.keyPath(CT_VOLTS), "give volts (nominal voltage, apparent"
                    + " power only) or voltage-input (measured voltage, real power), not both");
            return null;
        }
        if (hasInput != hasRatio) {
            ConfigKey<?> given = hasInput ? CT_VOLTAGE_INPUT : CT_VOLTS_PER_VOLT;
            problems.error(channel.position(given), channel.keyPath(given), hasInput
                    ? "voltage-input needs volts-per-volt: mains volts per volt at the ADC input, e.g. 287.5"
                    : "volts-per-volt needs voltage-input: the ADC input of the voltage reference");
            return null;
        }
        if (input == null || voltsPerVolt == null) {
            return null;
        }
        return Optional.of(new CtClampChannelConfig.VoltageInput(input, voltsPerVolt.doubleValue()));
    }

    private DcPowerChannelConfig dcPower(YamlSection channel, String id, String input) {
        BigDecimal shunt = channel.get(DC_SHUNT_OHM);
        BigDecimal maxAmps = channel.get(DC_MAX_AMPS);
        if (shunt == null || maxAmps == null || id == null || input == null) {
            return null;
        }
        return new DcPowerChannelConfig(id, input, shunt.doubleValue(), maxAmps.doubleValue());
    }

    private DsmrChannelConfig dsmr(YamlSection channel, String id) {
        String port = channel.get(DSMR_PORT);
        String version = channel.get(DSMR_VERSION);
        List<ObisReading> readings = readings(channel, id, DSMR, this::obisReading);
        Optional<Duration> maxAge = maxAge(channel);
        if (readings == null || port == null || version == null || id == null || maxAge == null) {
            return null;
        }
        return new DsmrChannelConfig(id, port, version, readings, maxAge);
    }

    private SmlChannelConfig sml(YamlSection channel, String id) {
        String port = channel.get(DSMR_PORT);
        SerialSettings serial = serial(channel, SmlChannelConfig.DEFAULT_SERIAL);
        List<ObisReading> readings = readings(channel, id, SML, this::obisReading);
        Optional<Duration> maxAge = maxAge(channel);
        if (readings == null || port == null || serial == null || id == null || maxAge == null) {
            return null;
        }
        return new SmlChannelConfig(id, port, serial, readings, maxAge);
    }

    private Iec62056ChannelConfig iec62056(YamlSection channel, String id) {
        String port = channel.get(DSMR_PORT);
        String modeName = channel.get(IEC_MODE);
        String deviceAddress = channel.get(IEC_DEVICE_ADDRESS);
        Iec62056ChannelConfig.Mode mode = "push".equals(modeName) ? Iec62056ChannelConfig.Mode.PUSH
                : Iec62056ChannelConfig.Mode.C;
        if (mode == Iec62056ChannelConfig.Mode.PUSH && channel.has(IEC_DEVICE_ADDRESS)) {
            problems.error(channel.position(IEC_DEVICE_ADDRESS), channel.keyPath(IEC_DEVICE_ADDRESS),
                    "is sent in the mode c sign-on; a push meter is not asked, so remove it or use mode: c");
        }
        if (mode == Iec62056ChannelConfig.Mode.C && channel.has(PUSH_MAX_AGE)) {
            problems.error(channel.position(PUSH_MAX_AGE), channel.keyPath(PUSH_MAX_AGE),
                    "applies to a meter that pushes; in mode c the node asks at each sample, so remove it or use"
                            + " mode: push");
        }
        Optional<Duration> maxAge = maxAge(channel);
        SerialSettings serial = serial(channel, mode == Iec62056ChannelConfig.Mode.PUSH
                ? Iec62056ChannelConfig.PUSH_SERIAL : Iec62056ChannelConfig.MODE_C_SERIAL);
        List<ObisReading> readings = readings(channel, id, IEC62056, this::obisReading);
        if (readings == null || port == null || modeName == null || serial == null || id == null
                || (deviceAddress == null && channel.has(IEC_DEVICE_ADDRESS)) || maxAge == null) {
            return null;
        }
        return new Iec62056ChannelConfig(id, port, mode, deviceAddress == null ? "" : deviceAddress, serial, readings,
                maxAge);
    }

    /** The written max-age, empty when not written (measured), null after a problem. */
    private static Optional<Duration> maxAge(YamlSection channel) {
        Duration maxAge = channel.get(PUSH_MAX_AGE);
        if (maxAge == null) {
            return channel.has(PUSH_MAX_AGE) ? null : Optional.empty();
        }
        return Optional.of(maxAge);
    }

    private MbusChannelConfig mbus(YamlSection channel, String id) {
        String port = channel.get(DSMR_PORT);
        String address = channel.get(MBUS_ADDRESS);
        SerialSettings serial = serial(channel, SerialSettings.MBUS);
        List<MbusChannelConfig.Reading> readings = readings(channel, id, MBUS, this::mbusReading);
        if (address != null && address.length() <= 3 && Integer.parseInt(address) > MbusMaster.MAX_PRIMARY_ADDRESS) {
            problems.error(channel.valueNode(MBUS_ADDRESS), channel.keyPath(MBUS_ADDRESS), "primary address "
                    + address + " is above " + MbusMaster.MAX_PRIMARY_ADDRESS + " (251..255 are reserved); give 0.."
                    + MbusMaster.MAX_PRIMARY_ADDRESS + " or the meter's 8-digit secondary id");
            return null;
        }
        if (readings == null || port == null || address == null || serial == null || id == null) {
            return null;
        }
        boolean primary = address.length() <= 3;
        return new MbusChannelConfig(id, port, primary ? OptionalInt.of(Integer.parseInt(address)) : OptionalInt.empty(),
                primary ? null : address, serial, readings);
    }

    /** The default settings with baud and framing overridden where written; null after a problem. */
    private SerialSettings serial(YamlSection channel, SerialSettings defaults) {
        Integer baud = channel.get(SERIAL_BAUD);
        String framing = channel.get(SERIAL_FRAMING);
        if ((baud == null && channel.has(SERIAL_BAUD)) || (framing == null && channel.has(SERIAL_FRAMING))) {
            return null;
        }
        SerialSettings settings = baud == null ? defaults : defaults.withBaud(baud);
        if (framing != null) {
            SerialSettings.Parity parity = switch (framing.charAt(1)) {
                case 'E' -> SerialSettings.Parity.EVEN;
                case 'O' -> SerialSettings.Parity.ODD;
                default -> SerialSettings.Parity.NONE;
            };
            settings = new SerialSettings(settings.baud(), framing.charAt(0) - '0', parity, framing.charAt(2) - '0');
        }
        return settings;
    }

    private ObisReading obisReading(YamlSection reading, ReadingStream stream) {
        String obis = reading.get(DSMR_READING_OBIS);
        return obis == null ? null : new ObisReading(obis, stream);
    }

    private MbusChannelConfig.Reading mbusReading(YamlSection reading, ReadingStream stream) {
        Integer record = reading.get(MBUS_READING_RECORD);
        String description = reading.get(MBUS_READING_DESCRIPTION);
        Integer tariff = reading.get(MBUS_READING_TARIFF);
        Integer storage = reading.get(MBUS_READING_STORAGE);
        boolean byRecord = reading.has(MBUS_READING_RECORD);
        boolean byDescription = reading.has(MBUS_READING_DESCRIPTION);
        if (byRecord == byDescription) {
            problems.error(byRecord ? reading.valueNode(MBUS_READING_DESCRIPTION) : reading.anchor(),
                    byRecord ? reading.keyPath(MBUS_READING_DESCRIPTION) : reading.path(), byRecord
                            ? "give either record (an index) or description, not both"
                            : "an M-Bus reading needs record: (the record's index, e.g. record: 0) or description:"
                            + " (e.g. description: VOLUME)");
            return null;
        }
        boolean tariffSet = tariff != null && tariff != 0;
        if (byRecord && (tariffSet || (storage != null && storage != 0))) {
            ConfigKey<Integer> key = tariffSet ? MBUS_READING_TARIFF : MBUS_READING_STORAGE;
            problems.error(reading.position(key), reading.keyPath(key),
                    "selects among records with the same description; with record: the index alone picks the record");
            return null;
        }
        if ((byRecord && record == null) || (byDescription && description == null) || tariff == null || storage == null) {
            return null;
        }
        return byRecord ? MbusChannelConfig.Reading.ofRecord(record, stream)
                : new MbusChannelConfig.Reading(OptionalInt.empty(), description, tariff, storage, stream);
    }

    /**
     * The channel's readings list: each item's quantity and optional name checked and made a stream
     * (unique within the channel), then {@code item} reads what selects the value (obis:, record:).
     * Null when anything was reported.
     */
    private <R extends MeterReading> List<R> readings(YamlSection channel, String id, String type,
            BiFunction<YamlSection, ReadingStream, R> item) {
        Node listNode = channel.valueNode(DSMR_READINGS);
        if (listNode == null) {
            channel.get(DSMR_READINGS);
            return null;
        }
        String listPath = channel.keyPath(DSMR_READINGS);
        String example = type.equals(MBUS) ? "{ record: 0, quantity: volume }" : "{ obis: 1-0:1.8.1, quantity: energy }";
        if (!(listNode instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
            problems.error(listNode, listPath, "expected a list of " + example + ", got " + ValueType.kind(listNode));
            return null;
        }
        List<R> readings = new ArrayList<>();
        Map<String, String> namesSeen = new HashMap<>();
        boolean bad = false;
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            String path = listPath + "[" + i + "]";
            if (!(items.get(i) instanceof MappingNode itemNode)) {
                problems.error(items.get(i), path, "expected a map like " + example + ", got "
                        + ValueType.kind(items.get(i)));
                bad = true;
                continue;
            }
            YamlSection reading = YamlSection.of(path, itemNode, itemNode, problems, baseDir);
            String quantityName = reading.get(DSMR_READING_QUANTITY);
            String name = reading.get(DSMR_READING_NAME);
            reading.rejectUnknown(childrenOf("channels[].readings[]").stream().filter(k -> k.appliesTo(type)).toList(),
                    key -> otherChannelType(key, type, "channels[].readings[]"));
            if (quantityName == null || (name == null && reading.has(DSMR_READING_NAME))) {
                item.apply(reading, ReadingStream.of(Quantity.ENERGY)); // report its own problems too
                bad = true;
                continue;
            }
            Quantity quantity = Quantity.bySuffix(quantityName);
            ConfigKey<String> nameKey = name == null ? DSMR_READING_QUANTITY : DSMR_READING_NAME;
            Node nameNode = reading.valueNode(nameKey);
            if (name != null && !quantity.nameable()) {
                problems.error(nameNode, reading.keyPath(nameKey), "a " + quantityName + " reading cannot be named: "
                        + "it shares its report object with other quantities, so the head-end tells it apart by its quantity name");
                bad = true;
                continue;
            }
            String stream = name == null ? quantity.suffix() : name;
            R made = item.apply(reading, new ReadingStream(stream, quantity));
            if (made == null) {
                bad = true;
                continue;
            }
            String earlier = namesSeen.putIfAbsent(stream, path + " at line " + Problems.line(nameNode));
            if (earlier != null) {
                problems.error(nameNode, reading.keyPath(nameKey), "duplicate stream " + ValueType.quote(id + "." + stream)
                        + " (also " + earlier + "): give each reading of the same quantity its own name:, e.g."
                        + " import-t1 and import-t2");
                bad = true;
                continue;
            }
            readings.add(made);
        }
        return bad ? null : readings;
    }

    /** Reports a value already used by an earlier channel, pointing back at it. */
    private void unique(YamlSection channel, ConfigKey<String> key, Map<String, String> seen, String what) {
        Node node = channel.valueNode(key);
        if (!(node instanceof ScalarNode scalar)) {
            return;
        }
        String earlier = seen.putIfAbsent(scalar.getValue(), channel.path() + " at line " + Problems.line(node));
        if (earlier != null) {
            problems.error(node, channel.keyPath(key),
                    "duplicate " + what + " " + ValueType.quote(scalar.getValue()) + " (also " + earlier + ")");
        }
    }

    private ServerConfig server(YamlSection section, SamplingConfig sampling) {
        if (!section.isPresent()) {
            // Already reported as a missing section (or as not a map); its keys have nothing to read.
            return null;
        }
        int before = problems.errorCount();
        URI uri = section.get(SERVER_URI);
        Boolean insecure = section.get(SERVER_INSECURE);
        Duration lifetime = section.get(SERVER_LIFETIME);
        Boolean queueMode = section.get(SERVER_QUEUE_MODE);
        Integer shortServerId = section.get(SERVER_SHORT_SERVER_ID);
        Boolean bootstrap = section.get(SERVER_BOOTSTRAP);
        section.rejectUnknown(childrenOf(SERVER.path()), this::belongsElsewhere);
        boolean plain = uri != null && uri.getScheme().equalsIgnoreCase("coap");
        if (plain && Boolean.FALSE.equals(insecure)) {
            problems.error(section.position(SERVER_URI), section.keyPath(SERVER_URI),
                    "coap:// sends readings unencrypted: use coaps://, or set server.insecure: true on a closed test network");
        } else if (plain && Boolean.TRUE.equals(insecure)) {
            problems.warn(section.position(SERVER_URI), section.keyPath(SERVER_URI),
                    "plain coap:// (insecure: true): readings and commands travel unencrypted and unauthenticated");
        } else if (uri != null && Boolean.TRUE.equals(insecure)) {
            problems.warn(section.position(SERVER_INSECURE), section.keyPath(SERVER_INSECURE),
                    "has no effect with coaps://");
        }
        if (lifetime != null && sampling != null && lifetime.compareTo(sampling.interval()) < 0) {
            problems.warn(section.position(SERVER_LIFETIME), section.keyPath(SERVER_LIFETIME),
                    "is shorter than sampling.interval (" + Durations.format(sampling.interval())
                            + "): the node will wake just to renew its registration");
        }
        YamlSection securitySection = section.section(SECURITY, section.isPresent() && !plain);
        SecurityConfig security = securitySection.isPresent() ? security(securitySection) : null;
        if (plain && securitySection.isPresent()) {
            problems.warn(securitySection.anchor(), securitySection.path(), "is not used with coap://");
        }
        if (problems.errorCount() > before) {
            return null;
        }
        if (plain && Boolean.TRUE.equals(bootstrap)) {
            problems.error(section.position(SERVER_BOOTSTRAP), section.keyPath(SERVER_BOOTSTRAP),
                    "bootstrapping hands out keys: only over coaps://");
            return null;
        }
        return new ServerConfig(uri, insecure, security, lifetime, queueMode, shortServerId, bootstrap);
    }

    private SecurityConfig security(YamlSection section) {
        int before = problems.errorCount();
        String mode = section.get(SECURITY_MODE);
        section.rejectUnknown(childrenOf(SECURITY.path()), this::belongsElsewhere);
        if (mode == null) {
            return null;
        }
        for (Map.Entry<ConfigKey<?>, List<String>> e : SECURITY_KEY_MODES.entrySet()) {
            if (section.has(e.getKey()) && !e.getValue().contains(mode)) {
                problems.error(section.position(e.getKey()), section.keyPath(e.getKey()), "is for mode "
                        + String.join(" or ", e.getValue()) + " and this server uses mode " + mode);
            }
        }
        SecurityConfig config = switch (mode) {
            case SecurityConfig.PSK -> psk(section);
            case SecurityConfig.RPK -> rpk(section);
            default -> x509(section);
        };
        if (config != null) {
            checkSecretFile(section, SECURITY_KEY_FILE, config.keyFile());
            checkSecretFile(section, SECURITY_PRIVATE_KEY_FILE, config.privateKeyFile());
        }
        return problems.errorCount() > before ? null : config;
    }

    private SecurityConfig psk(YamlSection section) {
        String identity = requiredFor(section, SECURITY_IDENTITY, "psk");
        Path keyFile = section.get(SECURITY_KEY_FILE);
        String keyHex = section.get(SECURITY_KEY_HEX);
        boolean file = section.has(SECURITY_KEY_FILE);
        boolean hex = section.has(SECURITY_KEY_HEX);
        if (file && hex) {
            ConfigKey<?> later = Problems.line(section.position(SECURITY_KEY_HEX))
                    >= Problems.line(section.position(SECURITY_KEY_FILE)) ? SECURITY_KEY_HEX : SECURITY_KEY_FILE;
            problems.error(section.position(later), section.keyPath(later), "give either key-file or key-hex, not both");
            return null;
        }
        if (!file && !hex) {
            problems.error(section.anchor(), section.path(),
                    "needs the PSK: key-file (a file holding it as hex) or key-hex (inline, for tests)");
            return null;
        }
        if (identity == null || (keyFile == null && keyHex == null)) {
            return null;
        }
        return new SecurityConfig(SecurityConfig.PSK, identity, keyFile, keyHex);
    }

    private SecurityConfig rpk(YamlSection section) {
        Path privateKey = requiredFor(section, SECURITY_PRIVATE_KEY_FILE, "rpk");
        Path serverKey = requiredFor(section, SECURITY_SERVER_PUBLIC_KEY_FILE, "rpk");
        return privateKey == null || serverKey == null ? null : SecurityConfig.rpk(privateKey, serverKey);
    }

    private SecurityConfig x509(YamlSection section) {
        Path privateKey = requiredFor(section, SECURITY_PRIVATE_KEY_FILE, "x509");
        Path certificate = requiredFor(section, SECURITY_CERTIFICATE_FILE, "x509");
        Path ca = requiredFor(section, SECURITY_CA_FILE, "x509");
        String serverName = requiredFor(section, SECURITY_SERVER_NAME, "x509");
        return privateKey == null || certificate == null || ca == null || serverName == null ? null
                : SecurityConfig.x509(privateKey, certificate, ca, serverName);
    }

    /** The key's value; reported as missing (with the mode that needs it) when not written. */
    private <T> T requiredFor(YamlSection section, ConfigKey<T> key, String mode) {
        T value = section.get(key);
        if (!section.has(key)) {
            String example = " (e.g. " + key.name() + ": " + key.example() + ")";
            boolean written = section.position(key) != section.anchor();
            problems.error(section.position(key), section.keyPath(key),
                    (written ? "needs a value" : "required key is missing") + " with mode " + mode + example);
        }
        return value;
    }

    /** A key file that exists must be readable by its owner only (it may be created after check-config). */
    private void checkSecretFile(YamlSection section, ConfigKey<Path> key, Path file) {
        if (file == null || !Files.exists(file)) {
            return;
        }
        try {
            String problem = KeyFiles.permissionProblem(file);
            if (problem != null) {
                problems.error(section.position(key), section.keyPath(key), file + " " + problem);
            }
        } catch (IOException e) {
            problems.error(section.position(key), section.keyPath(key),
                    "cannot read the permissions of " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private UplinkConfig uplink(YamlSection section) {
        Integer batchSize = section.get(UPLINK_BATCH_SIZE);
        Duration sendTimeout = section.get(UPLINK_SEND_TIMEOUT);
        Duration retryMin = section.get(UPLINK_RETRY_MIN);
        Duration retryMax = section.get(UPLINK_RETRY_MAX);
        Duration reportingInterval = section.get(UPLINK_REPORTING_INTERVAL);
        Duration awakeWindow = section.get(UPLINK_AWAKE_WINDOW);
        section.rejectUnknown(childrenOf(UPLINK.path()), this::belongsElsewhere);
        if (batchSize == null || sendTimeout == null || retryMin == null || retryMax == null
                || reportingInterval == null || awakeWindow == null) {
            return null;
        }
        if (retryMax.compareTo(retryMin) < 0) {
            problems.error(section.position(UPLINK_RETRY_MAX), section.keyPath(UPLINK_RETRY_MAX),
                    "must be at least uplink.retry-min (" + Durations.format(retryMin) + "), was "
                            + Durations.format(retryMax));
            return null;
        }
        return new UplinkConfig(batchSize, sendTimeout, retryMin, retryMax, reportingInterval, awakeWindow);
    }

    private static Map<ConfigKey<?>, List<String>> securityKeyModes() {
        Map<ConfigKey<?>, List<String>> modes = new java.util.LinkedHashMap<>();
        modes.put(SECURITY_IDENTITY, List.of(SecurityConfig.PSK));
        modes.put(SECURITY_KEY_FILE, List.of(SecurityConfig.PSK));
        modes.put(SECURITY_KEY_HEX, List.of(SecurityConfig.PSK));
        modes.put(SECURITY_PRIVATE_KEY_FILE, List.of(SecurityConfig.RPK, SecurityConfig.X509));
        modes.put(SECURITY_SERVER_PUBLIC_KEY_FILE, List.of(SecurityConfig.RPK));
        modes.put(SECURITY_CERTIFICATE_FILE, List.of(SecurityConfig.X509));
        modes.put(SECURITY_CA_FILE, List.of(SecurityConfig.X509));
        modes.put(SECURITY_SERVER_NAME, List.of(SecurityConfig.X509));
        return modes;
    }

    /** "; did you mean sampling.interval?" for a key written in the wrong section. */
    private Optional<String> belongsElsewhere(String name) {
        Optional<ConfigKey<?>> dotted = ConfigKeys.all().stream().filter(k -> k.path().equals(name)).findFirst();
        if (dotted.isPresent()) {
            return Optional.of("; write dotted keys nested: " + dotted.get().parent() + ": { " + dotted.get().name() + ": ... }");
        }
        return ConfigKeys.all().stream().filter(k -> k.name().equals(name)).findFirst()
                .map(k -> "; did you mean " + k.path() + "?");
    }

    private static Optional<String> otherChannelType(String name, String type) {
        return otherChannelType(name, type, "channels[]");
    }

    private static Optional<String> otherChannelType(String name, String type, String parent) {
        return childrenOf(parent).stream()
                .filter(k -> k.name().equals(name) && !k.appliesTo(type))
                .findFirst()
                .map(k -> "; " + name + " is for " + k.channelType() + " channels and this one is " + type);
    }

    /** "; e.g. 6m or 10m": the round divisors of a day next to an interval that is not one. */
    private static String nearestDivisors(Duration interval) {
        Duration below = null;
        Duration above = null;
        for (String text : ROUND_DIVISORS_OF_A_DAY) {
            Duration d = Durations.parse(text);
            if (d.compareTo(interval) < 0) {
                below = d;
            } else if (above == null) {
                above = d;
            }
        }
        StringBuilder hint = new StringBuilder("; e.g. ");
        if (below != null) {
            hint.append(Durations.format(below)).append(above != null ? " or " : "");
        }
        if (above != null) {
            hint.append(Durations.format(above));
        }
        return hint.toString();
    }
}

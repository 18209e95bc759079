package org.meternode.app.config;

import static org.meternode.app.config.ConfigKeys.*;

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
import org.meternode.app.channel.ChannelType;
import org.meternode.app.channel.ChannelTypes;
import org.meternode.app.security.KeyFiles;
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
        UplinkConfig uplink = uplink(root.section(UPLINK, false), sampling);
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
        Map<String, String> sharedPorts = new HashMap<>(); // port -> the sharing type that has it
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
            String typeName = channel.valueNode(CHANNEL_TYPE) instanceof ScalarNode t ? t.getValue() : "";
            Optional<ChannelType<?>> type = ChannelTypes.byName(typeName);
            for (ConfigKey<String> key : type.map(ChannelType::inputKeys).orElse(List.of())) {
                boolean port = key == SerialKeys.PORT;
                if (port && type.get().sharesPort()) {
                    sharedPort(channel, typeName, portsSeen, sharedPorts);
                } else {
                    unique(channel, key, port ? portsSeen : inputsSeen, port ? "port" : "input");
                }
                Node value = channel.valueNode(key);
                if (value != null && !port) {
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
        String typeName = channel.get(CHANNEL_TYPE);
        Optional<ChannelType<?>> type = typeName == null ? Optional.empty() : ChannelTypes.byName(typeName);
        if (type.isEmpty()) {
            // A missing or unknown type is reported by CHANNEL_TYPE itself; the rest cannot be judged.
            channel.get(CHANNEL_INPUT);
            channel.rejectUnknown(childrenOf("channels[]"), name -> Optional.empty());
            return null;
        }
        boolean port = type.get().readsPort();
        channel.rejectUnknown(channelKeys(typeName), name -> port && name.equals(CHANNEL_INPUT.name())
                ? Optional.of("; a " + typeName + " channel names its serial device with port:, e.g. port: /dev/ttyUSB0")
                : otherChannelType(name, typeName));
        int before = problems.errorCount();
        ChannelConfig config = type.get().read(new ChannelSection(channel, problems, baseDir, id, typeName));
        return id == null || config == null || problems.errorCount() > before ? null : config;
    }

    /**
     * A port that channels of one type may share (several wM-Bus meters on one stick) but no other
     * channel may use: reported against the earlier channel when the types differ.
     */
    private void sharedPort(YamlSection channel, String typeName, Map<String, String> portsSeen,
            Map<String, String> sharedPorts) {
        Node node = channel.valueNode(SerialKeys.PORT);
        if (!(node instanceof ScalarNode scalar)) {
            return;
        }
        String port = scalar.getValue();
        String sharer = sharedPorts.putIfAbsent(port, typeName);
        if ((sharer != null && !sharer.equals(typeName)) || (sharer == null && portsSeen.containsKey(port))) {
            problems.error(node, channel.keyPath(SerialKeys.PORT), "duplicate port " + ValueType.quote(port)
                    + " (also " + portsSeen.get(port) + "): only " + typeName + " channels may share it");
            return;
        }
        portsSeen.putIfAbsent(port, channel.path() + " at line " + Problems.line(node));
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

    private UplinkConfig uplink(YamlSection section, SamplingConfig sampling) {
        Integer batchSize = section.get(UPLINK_BATCH_SIZE);
        Duration sendTimeout = section.get(UPLINK_SEND_TIMEOUT);
        Duration retryMin = section.get(UPLINK_RETRY_MIN);
        Duration retryMax = section.get(UPLINK_RETRY_MAX);
        Duration reportingInterval = section.get(UPLINK_REPORTING_INTERVAL);
        Duration awakeWindow = section.get(UPLINK_AWAKE_WINDOW);
        Duration spread = spread(section, sampling);
        section.rejectUnknown(childrenOf(UPLINK.path()), this::belongsElsewhere);
        if (batchSize == null || sendTimeout == null || retryMin == null || retryMax == null
                || reportingInterval == null || awakeWindow == null || spread == null) {
            return null;
        }
        if (retryMax.compareTo(retryMin) < 0) {
            problems.error(section.position(UPLINK_RETRY_MAX), section.keyPath(UPLINK_RETRY_MAX),
                    "must be at least uplink.retry-min (" + Durations.format(retryMin) + "), was "
                            + Durations.format(retryMax));
            return null;
        }
        return new UplinkConfig(batchSize, sendTimeout, retryMin, retryMax, reportingInterval, awakeWindow, spread);
    }

    /**
     * uplink.spread as written, or 10 % of sampling.interval when absent; it must be shorter than
     * the interval (a node would otherwise send after the next interval already ended). Null when
     * invalid (reported) or when the interval itself is invalid.
     */
    private Duration spread(YamlSection section, SamplingConfig sampling) {
        boolean written = section.has(UPLINK_SPREAD);
        Duration spread = section.get(UPLINK_SPREAD);
        if (sampling == null || (written && spread == null)) {
            return null;
        }
        if (spread == null) {
            return org.meternode.app.uplink.SendSpread.defaultWindow(sampling.interval());
        }
        if (spread.compareTo(sampling.interval()) >= 0) {
            problems.error(section.position(UPLINK_SPREAD), section.keyPath(UPLINK_SPREAD),
                    "must be shorter than sampling.interval (" + Durations.format(sampling.interval()) + "), was "
                            + Durations.format(spread));
            return null;
        }
        return spread;
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

    static Optional<String> otherChannelType(String name, String type, String parent) {
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

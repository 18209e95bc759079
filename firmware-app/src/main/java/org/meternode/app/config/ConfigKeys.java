package org.meternode.app.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;
import org.meternode.app.channel.ChannelType;
import org.meternode.app.channel.ChannelTypes;
import org.meternode.app.reading.ReadingStream;

/**
 * Every key of {@code meternode.yaml}, declared once with its type, bounds, default and doc. The
 * loader checks values through these declarations; {@link #documentedDefaults()} and
 * {@link #markdownReference()} are generated from the same table, so docs and checks cannot drift.
 * The declaration order here is the order of the generated file.
 */
public final class ConfigKeys {
    public static final ConfigKey<Void> NODE = section("node", "This node's identity.");
    public static final ConfigKey<String> NODE_ENDPOINT = ConfigKey.of("node.endpoint",
            text("[A-Za-z0-9._-]{1,64}"), "LwM2M endpoint name the node registers with at the server.")
            .required("meter-0042");

    public static final ConfigKey<String> BOARD = ConfigKey.of("board", text("[a-z0-9-]+"),
            "Board profile to run on: pi, linux or sim; a missing profile fails at start.").required("sim");
    public static final ConfigKey<Map<String, Object>> BOARD_OPTIONS = ConfigKey.of("board-options",
            new ValueType.FreeMap(), "Settings handed to the board profile as they are; see the profile's README.")
            .withDefault(Map.of());

    public static final ConfigKey<Void> SAMPLING = section("sampling", "When the channels are read.");
    public static final ConfigKey<Duration> SAMPLING_INTERVAL = ConfigKey.of("sampling.interval",
            new ValueType.Span(Duration.ofSeconds(1), Duration.ofDays(1)),
            "Time between readings; with align: true it must divide 1d exactly.")
            .withDefault(Duration.ofMinutes(15));
    public static final ConfigKey<Boolean> SAMPLING_ALIGN = ConfigKey.of("sampling.align", new ValueType.Flag(),
            "Wake on wall-clock multiples of interval (00:00, 00:15, ...) rather than counting from start.")
            .withDefault(true);

    public static final ConfigKey<Void> CHANNELS = ConfigKey.of("channels", new ValueType.Structure("list"),
            "The meters this node reads, at least one; ids and inputs must be unique.").required("see below");
    public static final ConfigKey<String> CHANNEL_ID = ConfigKey.of("channels[].id", text("[a-z][a-z0-9_-]{0,31}"),
            "Channel name used in readings and at the server.").required("grid");
    public static final ConfigKey<String> CHANNEL_TYPE = ConfigKey.of("channels[].type",
            ValueType.oneOf(ChannelTypes.names()), "How the meter is read.").required("pulse");
    /** A board input name: one word, short enough that the board's messages, which quote it, stay one line. */
    public static final String INPUT_NAME = "\\S{1,64}";
    public static final ConfigKey<String> CHANNEL_INPUT = ConfigKey.of("channels[].input", text(INPUT_NAME),
            "Pin, ADC or power-monitor input the meter is wired to, as the board profile names it: GPIO17,"
                    + " ads1115@0x48/A0, mcp3008@0/ch3, ina219@0x40, an IIO channel on linux (serial channels give port"
                    + " instead).").required("GPIO17");

    public static final ConfigKey<Void> SERVER = section("server", "The LwM2M server the node reports to.");
    public static final ConfigKey<URI> SERVER_URI = ConfigKey.of("server.uri", new ValueType.ServerUri(),
            "Server address; coaps:// (DTLS), or coap:// only with insecure: true.")
            .required("coaps://head-end.example:5684");
    public static final ConfigKey<Boolean> SERVER_INSECURE = ConfigKey.of("server.insecure", new ValueType.Flag(),
            "Allow plain coap:// without DTLS, for tests on a closed network; warns at start.")
            .withDefault(false);
    public static final ConfigKey<Void> SECURITY = section("server.security",
            "DTLS credentials; required with coaps://.");
    public static final ConfigKey<String> SECURITY_MODE = ConfigKey.of("server.security.mode",
            new ValueType.Choice(List.of(SecurityConfig.PSK, SecurityConfig.RPK, SecurityConfig.X509), List.of()),
            "Credential kind: psk (pre-shared key), rpk (raw public keys, ECDSA P-256) or x509 (certificates,"
                    + " ECDSA P-256).").withDefault(SecurityConfig.PSK);
    public static final ConfigKey<String> SECURITY_IDENTITY = ConfigKey.of("server.security.identity",
            text(null), "(psk) PSK identity sent in the DTLS handshake; required with mode psk.")
            .example("meter-0042");
    public static final ConfigKey<Path> SECURITY_KEY_FILE = ConfigKey.of(SecurityConfig.KEY_FILE,
            new ValueType.FilePath(),
            "(psk) File holding the PSK as hex text, mode 0600, relative to this file's directory; give this or key-hex.")
            .example("/etc/meternode/psk.key");
    public static final ConfigKey<String> SECURITY_KEY_HEX = ConfigKey.of(SecurityConfig.KEY_HEX,
            new ValueType.SecretHex(),
            "(psk) The PSK inline as hex, for tests and demos only (the key then sits in this file); or key-file.")
            .example("000102030405060708090a0b0c0d0e0f");
    public static final ConfigKey<Path> SECURITY_PRIVATE_KEY_FILE = ConfigKey.of(SecurityConfig.PRIVATE_KEY_FILE,
            new ValueType.FilePath(),
            "(rpk, x509) The node's ECDSA P-256 private key, PKCS#8 PEM as meterctl keys init writes it;"
                    + " must be mode 0600 (files readable by group or others are refused).")
            .example("/etc/meternode/node.key");
    public static final ConfigKey<Path> SECURITY_CERTIFICATE_FILE = ConfigKey.of(SecurityConfig.CERTIFICATE_FILE,
            new ValueType.FilePath(),
            "(x509) The node's certificate (CN = endpoint), PEM, leaf first, as meterctl ca sign issues it.")
            .example("/etc/meternode/node.crt");
    public static final ConfigKey<Path> SECURITY_SERVER_PUBLIC_KEY_FILE = ConfigKey.of(
            SecurityConfig.SERVER_PUBLIC_KEY_FILE, new ValueType.FilePath(),
            "(rpk) The server's public key, PEM; the node talks only to a server holding its private key.")
            .example("/etc/meternode/server.pub");
    public static final ConfigKey<Path> SECURITY_CA_FILE = ConfigKey.of(SecurityConfig.CA_FILE,
            new ValueType.FilePath(),
            "(x509) CA certificate(s), PEM, that the server's certificate must chain to.")
            .example("/etc/meternode/ca.crt");
    public static final ConfigKey<String> SECURITY_SERVER_NAME = ConfigKey.of(SecurityConfig.SERVER_NAME,
            text("[A-Za-z0-9.-]{1,253}"),
            "(x509) DNS name (or IP address) the server's certificate must carry as subjectAltName.")
            .example("head-end.example");
    public static final ConfigKey<Boolean> SERVER_BOOTSTRAP = ConfigKey.of("server.bootstrap", new ValueType.Flag(),
            "uri is an LwM2M bootstrap server: the node bootstraps (authenticating with security) and registers with"
                    + " the server and PSK it is given; it keeps them in the storage directory (0600) for the next start.")
            .withDefault(false);
    public static final ConfigKey<Duration> SERVER_LIFETIME = ConfigKey.of("server.lifetime",
            new ValueType.Span(Duration.ofMinutes(1), Duration.ofDays(30)),
            "Registration lifetime; the node updates its registration before it runs out.")
            .withDefault(Duration.ofDays(1));
    public static final ConfigKey<Boolean> SERVER_QUEUE_MODE = ConfigKey.of("server.queue-mode",
            new ValueType.Flag(),
            "LwM2M queue mode: the node sleeps between reports and the server holds requests until it wakes.")
            .withDefault(false);
    public static final ConfigKey<Integer> SERVER_SHORT_SERVER_ID = ConfigKey.of("server.short-server-id",
            ValueType.Whole.between(1, 65534), "LwM2M short server id of this server.").withDefault(1);

    public static final ConfigKey<Void> UPLINK = section("uplink", "How readings are sent.");
    public static final ConfigKey<Integer> UPLINK_BATCH_SIZE = ConfigKey.of("uplink.batch-size",
            ValueType.Whole.between(1, 1000), "Readings per LwM2M Send.").withDefault(64);
    public static final ConfigKey<Duration> UPLINK_SEND_TIMEOUT = ConfigKey.of("uplink.send-timeout",
            new ValueType.Span(Duration.ofSeconds(1), Duration.ofMinutes(5)),
            "How long to wait for the server to answer one Send.").withDefault(Duration.ofSeconds(10));
    public static final ConfigKey<Duration> UPLINK_RETRY_MIN = ConfigKey.of("uplink.retry-min",
            new ValueType.Span(Duration.ofMillis(100), Duration.ofHours(1)),
            "Longest first wait after a failed Send or registration; the limit doubles on each failure in a row and"
                    + " each wait is drawn at random below it (full jitter).").withDefault(Duration.ofSeconds(2));
    public static final ConfigKey<Duration> UPLINK_RETRY_MAX = ConfigKey.of("uplink.retry-max",
            new ValueType.Span(Duration.ofSeconds(1), Duration.ofDays(1)),
            "Largest limit for the wait between retries; at least retry-min.").withDefault(Duration.ofMinutes(5));
    public static final ConfigKey<Duration> UPLINK_REPORTING_INTERVAL = ConfigKey.of("uplink.reporting-interval",
            new ValueType.Span(Duration.ZERO, Duration.ofDays(1)),
            "Send stored readings at most this often (0s: as soon as each interval is stored); longer values"
                    + " batch readings and wake the radio less. Writable remotely.").withDefault(Duration.ZERO);
    public static final ConfigKey<Duration> UPLINK_AWAKE_WINDOW = ConfigKey.of("uplink.awake-window",
            new ValueType.Span(Duration.ZERO, Duration.ofHours(1)),
            "In queue mode: how long the node stays reachable after each Send, so the server can deliver queued"
                    + " requests. Writable remotely.").withDefault(Duration.ofSeconds(30));
    public static final ConfigKey<Duration> UPLINK_SPREAD = ConfigKey.of("uplink.spread",
            new ValueType.Span(Duration.ZERO, Duration.ofDays(1)),
            "Window after each interval end over which a fleet's Sends are spread: this node waits a fixed share of it"
                    + " derived from its endpoint name. Absent: 10 % of sampling.interval; 0s sends at once;"
                    + " must be shorter than sampling.interval.").example("90s");

    public static final ConfigKey<Void> STORAGE = section("storage", "Where the node keeps its state.");
    public static final ConfigKey<Path> STORAGE_PATH = ConfigKey.of("storage.path", new ValueType.FilePath(),
            "State directory (outbox, counters), relative to this file's directory; created at start if missing.")
            .required("/var/lib/meternode");

    private static final List<ConfigKey<?>> ALL = all(
            List.of(NODE, NODE_ENDPOINT, BOARD, BOARD_OPTIONS,
                    SAMPLING, SAMPLING_INTERVAL, SAMPLING_ALIGN,
                    CHANNELS, CHANNEL_ID, CHANNEL_TYPE, CHANNEL_INPUT),
            // then each channel type's own keys, in registry order
            List.of(SERVER, SERVER_URI, SERVER_INSECURE,
                    SECURITY, SECURITY_MODE, SECURITY_IDENTITY, SECURITY_KEY_FILE, SECURITY_KEY_HEX,
                    SECURITY_PRIVATE_KEY_FILE, SECURITY_CERTIFICATE_FILE, SECURITY_SERVER_PUBLIC_KEY_FILE,
                    SECURITY_CA_FILE, SECURITY_SERVER_NAME, SERVER_BOOTSTRAP,
                    SERVER_LIFETIME, SERVER_QUEUE_MODE, SERVER_SHORT_SERVER_ID,
                    UPLINK, UPLINK_BATCH_SIZE, UPLINK_SEND_TIMEOUT, UPLINK_RETRY_MIN, UPLINK_RETRY_MAX,
                    UPLINK_REPORTING_INTERVAL, UPLINK_AWAKE_WINDOW, UPLINK_SPREAD,
                    STORAGE, STORAGE_PATH));

    private ConfigKeys() {
    }

    /** All keys in file order. */
    public static List<ConfigKey<?>> all() {
        return ALL;
    }

    /** Keys directly inside {@code parent} ({@code ""} for top level, {@code channels[]} for a channel). */
    public static List<ConfigKey<?>> childrenOf(String parent) {
        return ALL.stream().filter(k -> k.parent().equals(parent)).toList();
    }

    /** Keys a channel of {@code type} may have: id, type and the type's own (input or port among them). */
    public static List<ConfigKey<?>> channelKeys(String type) {
        List<ConfigKey<?>> own = ChannelTypes.byName(type).map(ChannelType::keys).orElse(List.of());
        return childrenOf("channels[]").stream()
                .filter(k -> k == CHANNEL_ID || k == CHANNEL_TYPE || own.contains(k)).toList();
    }

    /**
     * The whole config file with every key, a comment line per key, defaults filled in and required
     * keys left empty; what {@code check-config --print-defaults} prints.
     */
    public static String documentedDefaults() {
        return ConfigDocs.defaultsYaml();
    }

    /** A Markdown table of all keys (key, type, default, meaning) for the README. */
    public static String markdownReference() {
        return ConfigDocs.markdownTable();
    }

    private static ConfigKey<Void> section(String path, String doc) {
        return ConfigKey.of(path, new ValueType.Structure("section"), doc);
    }

    private static ValueType.Text text(String regex) {
        return ValueType.text(regex);
    }

    private static List<ConfigKey<?>> all(List<ConfigKey<?>> head, List<ConfigKey<?>> tail) {
        List<ConfigKey<?>> all = new ArrayList<>(head);
        ChannelTypes.keys().stream().filter(k -> !all.contains(k)).forEach(all::add);
        all.addAll(tail);
        return List.copyOf(all);
    }
}

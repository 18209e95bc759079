package org.meternode.app.config;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.meternode.app.reading.ReadingStream;

/**
 * Every key of {@code meternode.yaml}, declared once with its type, bounds, default and doc. The
 * loader checks values through these declarations; {@link #documentedDefaults()} and
 * {@link #markdownReference()} are generated from the same table, so docs and checks cannot drift.
 * The declaration order here is the order of the generated file.
 */
public final class ConfigKeys {
    /** Channel {@code type} of pulse-output meters. */
    public static final String PULSE = "pulse";
    /** Channel {@code type} of current transformer clamps. */
    public static final String CT_CLAMP = "ct-clamp";
    /** Channel {@code type} of DC circuits through a shunt power monitor (INA219). */
    public static final String DC_POWER = "dc-power";
    /** Channel {@code type} of DSMR / e-MUCS smart meters read on their P1 serial port. */
    public static final String DSMR = "dsmr";
    /** Channel {@code type} of SML push meters (German eHZ, EDL) read through an optical IR head. */
    public static final String SML = "sml";
    /** Channel {@code type} of IEC 62056-21 meters read through an optical (D0) probe. */
    public static final String IEC62056 = "iec62056";
    /** Channel {@code type} of wired M-Bus meters polled through a level converter. */
    public static final String MBUS = "mbus";
    /** The channel types read from a serial port opened by path (port: instead of input:). */
    public static final List<String> SERIAL_TYPES = List.of(DSMR, SML, IEC62056, MBUS);

    /** Every channel type, in the order the docs show them. */
    public static final List<String> CHANNEL_TYPES = List.of(PULSE, CT_CLAMP, DC_POWER, DSMR, SML, IEC62056, MBUS);

    /** OBIS code as P1 telegrams write it: A-B:C.D.E with an optional .F or *F. */
    static final String OBIS_RULE = "\\d{1,3}-\\d{1,3}:\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}([.*]\\d{1,3})?";

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
            new ValueType.Choice(CHANNEL_TYPES, List.of()), "How the meter is read.").required(PULSE);
    /** A board input name: one word, short enough that the board's messages, which quote it, stay one line. */
    private static final String INPUT_NAME = "\\S{1,64}";
    public static final ConfigKey<String> CHANNEL_INPUT = ConfigKey.of("channels[].input", text(INPUT_NAME),
            "Pin, ADC or power-monitor input the meter is wired to, as the board profile names it: GPIO17,"
                    + " ads1115@0x48/A0, mcp3008@0/ch3, ina219@0x40, an IIO channel on linux (serial channels give port"
                    + " instead).").required("GPIO17");

    public static final ConfigKey<Duration> PULSE_DEBOUNCE = ConfigKey.of("channels[].debounce",
            new ValueType.Span(Duration.ZERO, Duration.ofSeconds(1)),
            "Edges closer together than this count as one pulse.")
            .withDefault(Duration.ofMillis(10)).onlyFor(PULSE);
    public static final ConfigKey<BigDecimal> PULSE_PULSES_PER_KWH = ConfigKey.of("channels[].pulses-per-kwh",
            ValueType.Decimal.between("0.01", "1000000"),
            "Electricity meter: pulses per kWh (the S0 constant); give this or litres-per-pulse.")
            .example("1000").onlyFor(PULSE);
    public static final ConfigKey<BigDecimal> PULSE_LITRES_PER_PULSE = ConfigKey.of("channels[].litres-per-pulse",
            ValueType.Decimal.between("0.0001", "100000"),
            "Water meter: litres per pulse, decimals allowed; give this or pulses-per-kwh.")
            .example("1").onlyFor(PULSE);

    public static final ConfigKey<CtClampChannelConfig.Ratio> CT_RATIO = ConfigKey.of("channels[].ratio",
            new ValueType.Ratio(), "Clamp rating, primary:secondary current in A or mA.")
            .required("\"100A:50mA\"").onlyFor(CT_CLAMP);
    public static final ConfigKey<BigDecimal> CT_BURDEN_OHM = ConfigKey.of("channels[].burden-ohm",
            ValueType.Decimal.positive(), "Burden resistor across the clamp's secondary, in ohms.")
            .required("22").onlyFor(CT_CLAMP);
    public static final ConfigKey<BigDecimal> CT_VOLTS = ConfigKey.of("channels[].volts",
            ValueType.Decimal.positiveUpTo("1000"),
            "Nominal mains voltage; when set the channel also reports apparent power in VA (Irms x volts; not"
                    + " real power: power factor is unknown) and apparent energy in kVAh. Give this or voltage-input.")
            .example("230").onlyFor(CT_CLAMP);
    public static final ConfigKey<String> CT_VOLTAGE_INPUT = ConfigKey.of("channels[].voltage-input", text(INPUT_NAME),
            "ADC input of the mains voltage reference (an AC-AC adapter through a divider, see Board wiring); with it"
                    + " the channel reports mains voltage, real power (W), apparent power (VA) and energy (kWh).")
            .example("ads1115@0x48/A1").onlyFor(CT_CLAMP);
    public static final ConfigKey<BigDecimal> CT_VOLTS_PER_VOLT = ConfigKey.of("channels[].volts-per-volt",
            ValueType.Decimal.positive(), "Mains volts per volt at voltage-input (adapter ratio x divider); required"
                    + " with voltage-input. Calibrate: multimeter mains volts / reported volts x this value.")
            .example("287.5").onlyFor(CT_CLAMP);
    public static final ConfigKey<Integer> CT_MAINS_HZ = ConfigKey.of("channels[].mains-hz",
            ValueType.Whole.oneOf(50, 60), "Mains frequency.").withDefault(50).onlyFor(CT_CLAMP);
    public static final ConfigKey<Integer> CT_CYCLES = ConfigKey.of("channels[].cycles",
            ValueType.Whole.between(1, 500), "Whole mains cycles sampled per measurement.")
            .withDefault(20).onlyFor(CT_CLAMP);
    public static final ConfigKey<BigDecimal> CT_CALIBRATION = ConfigKey.of("channels[].calibration",
            ValueType.Decimal.between("0.5", "2.0"), "Multiplier applied to the measured current.")
            .withDefault(new BigDecimal("1.0")).onlyFor(CT_CLAMP);

    public static final ConfigKey<BigDecimal> DC_SHUNT_OHM = ConfigKey.of("channels[].shunt-ohm",
            ValueType.Decimal.positive(), "Shunt resistor of the power monitor, in ohms (0.1 on common INA219 boards).")
            .withDefault(new BigDecimal("0.1")).onlyFor(DC_POWER);
    public static final ConfigKey<BigDecimal> DC_MAX_AMPS = ConfigKey.of("channels[].max-amps",
            ValueType.Decimal.positiveUpTo("100"), "Largest current expected; sets the monitor's calibration (a"
                    + " smaller value gives finer steps).").withDefault(new BigDecimal("3.2")).onlyFor(DC_POWER);

    public static final ConfigKey<String> DSMR_PORT = ConfigKey.of("channels[].port", text("/\\S+"),
            "Serial device of the meter (a P1 cable with inverted RX, an optical IR head, an M-Bus level converter,"
                    + " or a socat pseudo-terminal); opened by the board profile (jSerialComm; the linux board without its"
                    + " natives: stty and file I/O).")
            .required("/dev/ttyUSB0").onlyFor(DSMR, SML, IEC62056, MBUS);
    public static final ConfigKey<String> DSMR_VERSION = ConfigKey.of("channels[].version",
            new ValueType.Choice(List.of("5", "2.2"), List.of()),
            "P1 generation: 5 for DSMR 4/5 and e-MUCS (115200 8N1), 2.2 for DSMR 2.2/3 (9600 7E1).")
            .withDefault("5").onlyFor(DSMR);
    public static final ConfigKey<Duration> PUSH_MAX_AGE = ConfigKey.of("channels[].max-age",
            new ValueType.Span(Duration.ofSeconds(1), Duration.ofDays(1)),
            "Push meters (dsmr, sml, iec62056 mode push): how old the latest good frame may be at a sample, on"
                    + " the node's clock; an older one gives FAULT readings naming its age. Default: twice the"
                    + " meter's push period as measured from the frames seen (at least 2s; 1m until two frames"
                    + " came).").example("30s").onlyFor(DSMR, SML, IEC62056);
    public static final ConfigKey<Void> DSMR_READINGS = ConfigKey.of("channels[].readings",
            new ValueType.Structure("list"),
            "Which meter values become readings; each stream is named id.quantity (p1.energy), or id.name"
                    + " when the reading has a name (p1.import-t1).").required("see below")
            .onlyFor(DSMR, SML, IEC62056, MBUS);
    public static final ConfigKey<String> DSMR_READING_OBIS = ConfigKey.of("channels[].readings[].obis",
            text(OBIS_RULE), "OBIS code of the value (P1 line, SML list entry, IEC 62056-21 data set), e.g."
                    + " 1-0:1.8.1 (energy delivered, tariff 1), 1-0:1.7.0 (power), 0-1:24.2.1 (gas, m3).")
            .required("1-0:1.8.1").onlyFor(DSMR, SML, IEC62056);
    public static final ConfigKey<String> DSMR_READING_QUANTITY = ConfigKey.of("channels[].readings[].quantity",
            new ValueType.Choice(List.of("energy", "power", "volume", "current", "voltage"), List.of()),
            "What the value is, reported in meternode's unit: energy (kWh), power (W), volume (m3), current (A),"
                    + " voltage (V); the meter's unit and scaler are converted (Wh, kW, l, J, ...), and a unit that"
                    + " does not fit the quantity gives a FAULT reading.")
            .required("energy").onlyFor(DSMR, SML, IEC62056, MBUS);
    public static final ConfigKey<String> DSMR_READING_NAME = ConfigKey.of("channels[].readings[].name",
            text(ReadingStream.NAME.pattern()), "Stream name instead of the quantity, needed when a channel reports"
                    + " one quantity twice (tariff 1 and 2: import-t1, import-t2); energy, power, volume, current or"
                    + " voltage only.").example("import-t1").onlyFor(DSMR, SML, IEC62056, MBUS);

    public static final ConfigKey<Integer> SERIAL_BAUD = ConfigKey.of("channels[].baud",
            ValueType.Whole.oneOf(300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200),
            "Line rate in bit/s when the meter differs from the default: sml 9600, mbus 2400, iec62056 300 in"
                    + " mode c (the rate the readout starts at; the meter's offered rate follows) and 9600 in mode push.")
            .example("9600").onlyFor(SML, IEC62056, MBUS);
    public static final ConfigKey<String> SERIAL_FRAMING = ConfigKey.of("channels[].framing",
            text("[78][NEO][12]"), "Data bits, parity, stop bits when the meter differs from the default:"
                    + " sml 8N1, mbus 8E1, iec62056 7E1.").example("8N1").onlyFor(SML, IEC62056, MBUS);
    public static final ConfigKey<String> IEC_MODE = ConfigKey.of("channels[].mode",
            new ValueType.Choice(List.of("c", "push"), List.of()),
            "c: the node asks for a readout at each sample (sign-on at 300 baud, then the rate the meter offers;"
                    + " a meter answering in mode A (no switch) or B (switch without acknowledgement) is followed too);"
                    + " push: a unidirectional meter sends by itself, the latest good data block is reported.")
            .withDefault("c").onlyFor(IEC62056);
    public static final ConfigKey<String> IEC_DEVICE_ADDRESS = ConfigKey.of("channels[].device-address",
            text("[0-9A-Za-z ]{1,32}"), "Mode c: the meter's device address sent in the sign-on (/?address!),"
                    + " needed when several meters share a bus; empty by default.")
            .example("00012345").onlyFor(IEC62056);
    public static final ConfigKey<String> MBUS_ADDRESS = ConfigKey.of("channels[].address",
            text("\\d{1,3}|\\d{8}"), "The meter on the bus: a primary address 0..250, or its 8-digit secondary"
                    + " id (identification number, as meterctl mbus scan prints it), selected with wildcard"
                    + " manufacturer, version and medium.")
            .required("5").onlyFor(MBUS);
    public static final ConfigKey<Integer> MBUS_READING_RECORD = ConfigKey.of("channels[].readings[].record",
            ValueType.Whole.between(0, 1000), "Index of the variable data record (from 0, numbered through all"
                    + " telegrams of a multi-telegram readout, as meterctl decode mbus prints it); or give description.")
            .example("0").onlyFor(MBUS);
    public static final ConfigKey<String> MBUS_READING_DESCRIPTION = ConfigKey.of(
            "channels[].readings[].description", text("[A-Z][A-Z0-9_]*"),
            "Instead of record: the first instantaneous record with this description (as jmbus names the VIF:"
                    + " VOLUME, ENERGY, POWER, VOLUME_FLOW, ...) and the given tariff and storage.")
            .example("VOLUME").onlyFor(MBUS);
    public static final ConfigKey<Integer> MBUS_READING_TARIFF = ConfigKey.of("channels[].readings[].tariff",
            ValueType.Whole.between(0, 255), "With description: the record's tariff.").withDefault(0).onlyFor(MBUS);
    public static final ConfigKey<Integer> MBUS_READING_STORAGE = ConfigKey.of("channels[].readings[].storage",
            ValueType.Whole.between(0, 1000), "With description: the record's storage number (0 is the current"
                    + " value, 1 and up are stored values such as the last due date).").withDefault(0).onlyFor(MBUS);

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
            "First wait after a failed Send; doubles on each failure.").withDefault(Duration.ofSeconds(2));
    public static final ConfigKey<Duration> UPLINK_RETRY_MAX = ConfigKey.of("uplink.retry-max",
            new ValueType.Span(Duration.ofSeconds(1), Duration.ofDays(1)),
            "Longest wait between retries; at least retry-min.").withDefault(Duration.ofMinutes(5));
    public static final ConfigKey<Duration> UPLINK_REPORTING_INTERVAL = ConfigKey.of("uplink.reporting-interval",
            new ValueType.Span(Duration.ZERO, Duration.ofDays(1)),
            "Send stored readings at most this often (0s: as soon as each interval is stored); longer values"
                    + " batch readings and wake the radio less. Writable remotely.").withDefault(Duration.ZERO);
    public static final ConfigKey<Duration> UPLINK_AWAKE_WINDOW = ConfigKey.of("uplink.awake-window",
            new ValueType.Span(Duration.ZERO, Duration.ofHours(1)),
            "In queue mode: how long the node stays reachable after each Send, so the server can deliver queued"
                    + " requests. Writable remotely.").withDefault(Duration.ofSeconds(30));

    public static final ConfigKey<Void> STORAGE = section("storage", "Where the node keeps its state.");
    public static final ConfigKey<Path> STORAGE_PATH = ConfigKey.of("storage.path", new ValueType.FilePath(),
            "State directory (outbox, counters), relative to this file's directory; created at start if missing.")
            .required("/var/lib/meternode");

    private static final List<ConfigKey<?>> ALL = List.of(
            NODE, NODE_ENDPOINT, BOARD, BOARD_OPTIONS,
            SAMPLING, SAMPLING_INTERVAL, SAMPLING_ALIGN,
            CHANNELS, CHANNEL_ID, CHANNEL_TYPE, CHANNEL_INPUT,
            PULSE_DEBOUNCE, PULSE_PULSES_PER_KWH, PULSE_LITRES_PER_PULSE,
            CT_RATIO, CT_BURDEN_OHM, CT_VOLTS, CT_VOLTAGE_INPUT, CT_VOLTS_PER_VOLT, CT_MAINS_HZ, CT_CYCLES, CT_CALIBRATION,
            DC_SHUNT_OHM, DC_MAX_AMPS,
            DSMR_PORT, DSMR_VERSION, PUSH_MAX_AGE, DSMR_READINGS, DSMR_READING_OBIS, DSMR_READING_QUANTITY, DSMR_READING_NAME,
            SERIAL_BAUD, SERIAL_FRAMING, IEC_MODE, IEC_DEVICE_ADDRESS, MBUS_ADDRESS,
            MBUS_READING_RECORD, MBUS_READING_DESCRIPTION, MBUS_READING_TARIFF, MBUS_READING_STORAGE,
            SERVER, SERVER_URI, SERVER_INSECURE,
            SECURITY, SECURITY_MODE, SECURITY_IDENTITY, SECURITY_KEY_FILE, SECURITY_KEY_HEX,
            SECURITY_PRIVATE_KEY_FILE, SECURITY_CERTIFICATE_FILE, SECURITY_SERVER_PUBLIC_KEY_FILE,
            SECURITY_CA_FILE, SECURITY_SERVER_NAME, SERVER_BOOTSTRAP,
            SERVER_LIFETIME, SERVER_QUEUE_MODE, SERVER_SHORT_SERVER_ID,
            UPLINK, UPLINK_BATCH_SIZE, UPLINK_SEND_TIMEOUT, UPLINK_RETRY_MIN, UPLINK_RETRY_MAX,
            UPLINK_REPORTING_INTERVAL, UPLINK_AWAKE_WINDOW,
            STORAGE, STORAGE_PATH);

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

    /** Keys a channel of {@code type} may have: the common ones and its own. */
    public static List<ConfigKey<?>> channelKeys(String type) {
        return childrenOf("channels[]").stream()
                .filter(k -> k.appliesTo(type))
                .filter(k -> !(SERIAL_TYPES.contains(type) && k == CHANNEL_INPUT)).toList();
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
        return new ValueType.Text(regex == null ? null : Pattern.compile(regex), regex);
    }
}

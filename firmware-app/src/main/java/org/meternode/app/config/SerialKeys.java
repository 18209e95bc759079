package org.meternode.app.config;

import java.time.Duration;
import java.util.List;
import org.meternode.app.reading.ReadingStream;

/**
 * The keys serial meter types share (port, line settings, push max-age, and the readings list with
 * what selects a value: OBIS code or M-Bus record), declared once; each type lists the ones it takes
 * in its {@code keys()}. Declared apart from {@link ConfigKeys} so the types can be loaded first.
 */
public final class SerialKeys {
    /** OBIS code as P1 telegrams write it: A-B:C.D.E with an optional .F or *F. */
    static final String OBIS_RULE = "\\d{1,3}-\\d{1,3}:\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}([.*]\\d{1,3})?";

    public static final ConfigKey<String> PORT = ConfigKey.of("channels[].port", ValueType.text("/\\S+"),
            "Serial device of the meter or its adapter (a P1 cable with inverted RX, an optical IR head, an M-Bus"
                    + " level converter, a wireless M-Bus USB stick, or a socat pseudo-terminal); opened by the board profile (jSerialComm; the linux board without its"
                    + " natives: stty and file I/O).")
            .required("/dev/ttyUSB0");
    public static final ConfigKey<Duration> MAX_AGE = ConfigKey.of("channels[].max-age",
            new ValueType.Span(Duration.ofSeconds(1), Duration.ofDays(1)),
            "Push meters (dsmr, sml, iec62056 mode push): how old the latest good frame may be at a sample, on"
                    + " the node's clock; an older one gives FAULT readings naming its age. Default: twice the"
                    + " meter's push period as measured from the frames seen (at least 2s; 1m until two frames"
                    + " came).").example("30s");
    public static final ConfigKey<Integer> BAUD = ConfigKey.of("channels[].baud",
            ValueType.Whole.oneOf(300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200),
            "Line rate in bit/s when the meter differs from the default: sml 9600, mbus 2400, iec62056 300 in"
                    + " mode c (the rate the readout starts at; the meter's offered rate follows) and 9600 in mode push.")
            .example("9600");
    public static final ConfigKey<String> FRAMING = ConfigKey.of("channels[].framing",
            ValueType.text("[78][NEO][12]"), "Data bits, parity, stop bits when the meter differs from the default:"
                    + " sml 8N1, mbus 8E1, iec62056 7E1.").example("8N1");
    public static final ConfigKey<Void> READINGS = ConfigKey.of("channels[].readings",
            new ValueType.Structure("list"),
            "Which meter values become readings; each stream is named id.quantity (p1.energy), or id.name"
                    + " when the reading has a name (p1.import-t1).").required("see below");
    public static final ConfigKey<String> READING_QUANTITY = ConfigKey.of("channels[].readings[].quantity",
            ValueType.oneOf(List.of("energy", "power", "volume", "current", "voltage")),
            "What the value is, reported in meternode's unit: energy (kWh), power (W), volume (m3), current (A),"
                    + " voltage (V); the meter's unit and scaler are converted (Wh, kW, l, J, ...), and a unit that"
                    + " does not fit the quantity gives a FAULT reading.")
            .required("energy");
    public static final ConfigKey<String> READING_NAME = ConfigKey.of("channels[].readings[].name",
            ValueType.text(ReadingStream.NAME.pattern()), "Stream name instead of the quantity, needed when a channel reports"
                    + " one quantity twice (tariff 1 and 2: import-t1, import-t2); energy, power, volume, current or"
                    + " voltage only.").example("import-t1");
    public static final ConfigKey<String> READING_OBIS = ConfigKey.of("channels[].readings[].obis",
            ValueType.text(OBIS_RULE), "OBIS code of the value (P1 line, SML list entry, IEC 62056-21 data set), e.g."
                    + " 1-0:1.8.1 (energy delivered, tariff 1), 1-0:1.7.0 (power), 0-1:24.2.1 (gas, m3).")
            .required("1-0:1.8.1");
    public static final ConfigKey<Integer> READING_RECORD = ConfigKey.of("channels[].readings[].record",
            ValueType.Whole.between(0, 1000), "Index of the variable data record (from 0, numbered through all"
                    + " telegrams of a multi-telegram readout, as meterctl decode mbus prints it); or give description.")
            .example("0");
    public static final ConfigKey<String> READING_DESCRIPTION = ConfigKey.of(
            "channels[].readings[].description", ValueType.text("[A-Z][A-Z0-9_]*"),
            "Instead of record: the first instantaneous record with this description (as jmbus names the VIF:"
                    + " VOLUME, ENERGY, POWER, VOLUME_FLOW, ...) and the given tariff and storage.")
            .example("VOLUME");
    public static final ConfigKey<Integer> READING_TARIFF = ConfigKey.of("channels[].readings[].tariff",
            ValueType.Whole.between(0, 255), "With description: the record's tariff.").withDefault(0);
    public static final ConfigKey<Integer> READING_STORAGE = ConfigKey.of("channels[].readings[].storage",
            ValueType.Whole.between(0, 1000), "With description: the record's storage number (0 is the current"
                    + " value, 1 and up are stored values such as the last due date).").withDefault(0);

    private SerialKeys() {
    }
}

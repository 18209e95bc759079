package org.meternode.hal.meter.dsmr;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The OBIS codes of the Dutch P1 companion standard (DSMR 2.2 to 5.0.2) and the Belgian e-MUCS P1
 * specification, each with the shape of its values. Codes of M-Bus channels are written with
 * {@code n} for the channel (1..4). Codes not listed here are kept as text, with a number read
 * leniently when the value looks like one.
 */
enum DsmrObis {
    VERSION("1-3:0.2.8", Shape.TEXT), // DSMR 4/5 P1 6.12: version information for P1 output, S2
    TIMESTAMP("0-0:1.0.0", Shape.TIMESTAMP), // P1 6.12: date-time stamp of the P1 message, TST
    EQUIPMENT_ID("0-0:96.1.1", Shape.TEXT), // P1 6.12: equipment identifier, Sn (n=0..96), hex
    ENERGY_DELIVERED_TOTAL("1-0:1.8.0", Shape.NUMBER), // e-MUCS/Luxembourg: active energy import, total
    ENERGY_DELIVERED_T1("1-0:1.8.1", Shape.NUMBER), // P1 6.12: electricity delivered to client, tariff 1, F9(3,3) kWh
    ENERGY_DELIVERED_T2("1-0:1.8.2", Shape.NUMBER), // P1 6.12: electricity delivered to client, tariff 2, F9(3,3) kWh
    ENERGY_RETURNED_TOTAL("1-0:2.8.0", Shape.NUMBER), // e-MUCS/Luxembourg: active energy export, total
    ENERGY_RETURNED_T1("1-0:2.8.1", Shape.NUMBER), // P1 6.12: electricity delivered by client, tariff 1, F9(3,3) kWh
    ENERGY_RETURNED_T2("1-0:2.8.2", Shape.NUMBER), // P1 6.12: electricity delivered by client, tariff 2, F9(3,3) kWh
    TARIFF_INDICATOR("0-0:96.14.0", Shape.NUMBER), // P1 6.12: tariff indicator electricity, S4
    POWER_DELIVERED("1-0:1.7.0", Shape.NUMBER), // P1 6.12: actual electricity power delivered (+P), F5(3,3) kW
    POWER_RETURNED("1-0:2.7.0", Shape.NUMBER), // P1 6.12: actual electricity power received (-P), F5(3,3) kW
    THRESHOLD("0-0:17.0.0", Shape.NUMBER), // DSMR 2.2-4 and e-MUCS: limiter threshold (A or kW)
    SWITCH_POSITION("0-0:96.3.10", Shape.NUMBER), // DSMR 2.2-4 and e-MUCS: breaker / switch state
    POWER_FAILURES("0-0:96.7.21", Shape.NUMBER), // P1 6.12: number of power failures in any phase, F5(0,0)
    LONG_POWER_FAILURES("0-0:96.7.9", Shape.NUMBER), // P1 6.12: number of long power failures in any phase, F5(0,0)
    POWER_FAILURE_LOG("1-0:99.97.0", Shape.EVENT_LOG), // P1 6.12: power failure event log, TST + F10(0,0) s
    VOLTAGE_SAGS_L1("1-0:32.32.0", Shape.NUMBER), // P1 6.12: number of voltage sags in phase L1, F5(0,0)
    VOLTAGE_SAGS_L2("1-0:52.32.0", Shape.NUMBER), // P1 6.12: number of voltage sags in phase L2, F5(0,0)
    VOLTAGE_SAGS_L3("1-0:72.32.0", Shape.NUMBER), // P1 6.12: number of voltage sags in phase L3, F5(0,0)
    VOLTAGE_SWELLS_L1("1-0:32.36.0", Shape.NUMBER), // P1 6.12: number of voltage swells in phase L1, F5(0,0)
    VOLTAGE_SWELLS_L2("1-0:52.36.0", Shape.NUMBER), // P1 6.12: number of voltage swells in phase L2, F5(0,0)
    VOLTAGE_SWELLS_L3("1-0:72.36.0", Shape.NUMBER), // P1 6.12: number of voltage swells in phase L3, F5(0,0)
    TEXT_MESSAGE_CODE("0-0:96.13.1", Shape.TEXT), // DSMR 2.2-4: text message codes, numeric 8 digits
    TEXT_MESSAGE("0-0:96.13.0", Shape.TEXT), // P1 6.12: text message, max 1024 characters, hex
    VOLTAGE_L1("1-0:32.7.0", Shape.NUMBER), // P1 6.12: instantaneous voltage L1, F4(1,1) V
    VOLTAGE_L2("1-0:52.7.0", Shape.NUMBER), // P1 6.12: instantaneous voltage L2, F4(1,1) V
    VOLTAGE_L3("1-0:72.7.0", Shape.NUMBER), // P1 6.12: instantaneous voltage L3, F4(1,1) V
    CURRENT_L1("1-0:31.7.0", Shape.NUMBER), // P1 6.12: instantaneous current L1, F3(0,0) A
    CURRENT_L2("1-0:51.7.0", Shape.NUMBER), // P1 6.12: instantaneous current L2, F3(0,0) A
    CURRENT_L3("1-0:71.7.0", Shape.NUMBER), // P1 6.12: instantaneous current L3, F3(0,0) A
    POWER_DELIVERED_L1("1-0:21.7.0", Shape.NUMBER), // P1 6.12: instantaneous active power L1 (+P), F5(3,3) kW
    POWER_DELIVERED_L2("1-0:41.7.0", Shape.NUMBER), // P1 6.12: instantaneous active power L2 (+P), F5(3,3) kW
    POWER_DELIVERED_L3("1-0:61.7.0", Shape.NUMBER), // P1 6.12: instantaneous active power L3 (+P), F5(3,3) kW
    POWER_RETURNED_L1("1-0:22.7.0", Shape.NUMBER), // P1 6.12: instantaneous active power L1 (-P), F5(3,3) kW
    POWER_RETURNED_L2("1-0:42.7.0", Shape.NUMBER), // P1 6.12: instantaneous active power L2 (-P), F5(3,3) kW
    POWER_RETURNED_L3("1-0:62.7.0", Shape.NUMBER), // P1 6.12: instantaneous active power L3 (-P), F5(3,3) kW
    MBUS_DEVICE_TYPE("0-n:24.1.0", Shape.NUMBER), // P1 6.12: M-Bus device type of channel n, F3(0,0)
    MBUS_EQUIPMENT_ID("0-n:96.1.0", Shape.TEXT), // P1 6.12: equipment identifier of channel n (DSMR), hex
    MBUS_EQUIPMENT_ID_EMUCS("0-n:96.1.1", Shape.TEXT), // e-MUCS P1 1.7: equipment identifier of channel n, hex
    MBUS_VALUE("0-n:24.2.1", Shape.TIMESTAMPED_VALUE), // P1 6.12: last 5-minute value of channel n, TST + F8(2,2)/F8(3,3)
    MBUS_VALUE_UNCORRECTED("0-n:24.2.3", Shape.TIMESTAMPED_VALUE), // e-MUCS P1 1.7: not temperature corrected gas volume, TST + m3
    MBUS_VALVE("0-n:24.4.0", Shape.NUMBER), // DSMR 2.2-4 and e-MUCS: valve position of channel n
    MBUS_VALUE_LEGACY("0-n:24.3.0", Shape.LEGACY_GAS), // DSMR 2.2/3: hourly gas value, profile with value on the next line
    EMUCS_VERSION("0-0:96.1.4", Shape.TEXT), // e-MUCS P1 1.7: version information, S5
    EMUCS_AVERAGE_DEMAND("1-0:1.4.0", Shape.NUMBER), // e-MUCS P1 1.7: current average demand, active energy import, kW
    EMUCS_MAX_DEMAND_MONTH("1-0:1.6.0", Shape.TIMESTAMPED_VALUE), // e-MUCS P1 1.7: maximum demand of the running month, TST + kW
    EMUCS_MAX_DEMAND_HISTORY("0-0:98.1.0", Shape.RAW), // e-MUCS P1 1.7: maximum demand of the last 13 months, profile
    EMUCS_FUSE_THRESHOLD("1-0:31.4.0", Shape.NUMBER); // e-MUCS P1 1.7: fuse supervision threshold L1, A

    /** How the values of a code are laid out. */
    enum Shape {
        /** One value: a decimal number, optionally followed by {@code *unit}. */
        NUMBER,
        /** One value kept as text (identifiers, hex-encoded messages). */
        TEXT,
        /** One value: YYMMDDhhmmssX, X = S (summer, UTC+2) or W (winter, UTC+1). */
        TIMESTAMP,
        /** Two values: a timestamp and a number with unit. */
        TIMESTAMPED_VALUE,
        /** DSMR 2.2: (YYMMDDhhmmss)(interval)(60)(1)(obis)(unit) then (value) on the next line. */
        LEGACY_GAS,
        /** (count)(obis) then count pairs of (timestamp)(seconds*s). */
        EVENT_LOG,
        /** Any number of values, kept as text. */
        RAW
    }

    private static final Map<String, DsmrObis> BY_CODE = new HashMap<>();

    static {
        for (DsmrObis obis : values()) {
            BY_CODE.put(obis.code, obis);
        }
    }

    private final String code;
    private final Shape shape;

    DsmrObis(String code, Shape shape) {
        this.code = code;
        this.shape = shape;
    }

    Shape shape() {
        return shape;
    }

    /** The table row for a code as written in a telegram, e.g. {@code 0-2:24.2.1} or {@code 1-0:1.8.0*255}. */
    static Optional<DsmrObis> lookup(String obis) {
        String key = normalise(obis);
        DsmrObis direct = BY_CODE.get(key);
        if (direct != null) {
            return Optional.of(direct);
        }
        if (key.length() > 4 && key.startsWith("0-") && key.charAt(3) == ':' && key.charAt(2) >= '1' && key.charAt(2) <= '4') {
            return Optional.ofNullable(BY_CODE.get("0-n" + key.substring(3)));
        }
        return Optional.empty();
    }

    /** Drops a trailing billing-period group F = 255 ({@code .255} or {@code *255}), which means "current". */
    static String normalise(String obis) {
        if (obis.endsWith("*255") || obis.endsWith(".255") && obis.chars().filter(c -> c == '.').count() == 3) {
            return obis.substring(0, obis.length() - 4);
        }
        return obis;
    }
}

package org.meternode.hal.meter;

import java.util.Optional;

/**
 * Physical units as enumerated by DLMS/COSEM (IEC 62056-6-2, "unit" of the scaler_unit attribute),
 * which SML list entries carry as a number and which jmbus maps M-Bus VIFs onto. Symbols follow the
 * ASCII spelling meters print on P1 and IEC 62056-21 lines ("m3", "kWh"), so all protocols agree.
 */
public enum CosemUnit {
    YEAR(1, "a"), // IEC 62056-6-2 unit 1: time, year
    MONTH(2, "mo"), // unit 2: time, month
    WEEK(3, "wk"), // unit 3: time, week
    DAY(4, "d"), // unit 4: time, day
    HOUR(5, "h"), // unit 5: time, hour
    MINUTE(6, "min"), // unit 6: time, minute
    SECOND(7, "s"), // unit 7: time, second
    DEGREE(8, "°"), // unit 8: (phase) angle, degree
    DEGREE_CELSIUS(9, "°C"), // unit 9: temperature, degree Celsius
    CURRENCY(10, "currency"), // unit 10: (local) currency
    METRE(11, "m"), // unit 11: length, metre
    METRE_PER_SECOND(12, "m/s"), // unit 12: speed, metre per second
    CUBIC_METRE(13, "m3"), // unit 13: volume, cubic metre
    CUBIC_METRE_CORRECTED(14, "m3"), // unit 14: corrected volume, cubic metre
    CUBIC_METRE_PER_HOUR(15, "m3/h"), // unit 15: volume flux, cubic metre per hour
    CUBIC_METRE_PER_HOUR_CORRECTED(16, "m3/h"), // unit 16: corrected volume flux per hour
    CUBIC_METRE_PER_DAY(17, "m3/d"), // unit 17: volume flux, cubic metre per day
    CUBIC_METRE_PER_DAY_CORRECTED(18, "m3/d"), // unit 18: corrected volume flux per day
    LITRE(19, "l"), // unit 19: volume, litre
    KILOGRAM(20, "kg"), // unit 20: mass, kilogram
    NEWTON(21, "N"), // unit 21: force, newton
    NEWTON_METRE(22, "Nm"), // unit 22: energy, newton metre
    PASCAL(23, "Pa"), // unit 23: pressure, pascal
    BAR(24, "bar"), // unit 24: pressure, bar
    JOULE(25, "J"), // unit 25: energy, joule
    JOULE_PER_HOUR(26, "J/h"), // unit 26: thermal power, joule per hour
    WATT(27, "W"), // unit 27: active power, watt
    VOLT_AMPERE(28, "VA"), // unit 28: apparent power, volt-ampere
    VAR(29, "var"), // unit 29: reactive power, var
    WATT_HOUR(30, "Wh"), // unit 30: active energy, watt-hour
    VOLT_AMPERE_HOUR(31, "VAh"), // unit 31: apparent energy, volt-ampere-hour
    VAR_HOUR(32, "varh"), // unit 32: reactive energy, var-hour
    AMPERE(33, "A"), // unit 33: current, ampere
    COULOMB(34, "C"), // unit 34: electrical charge, coulomb
    VOLT(35, "V"), // unit 35: voltage, volt
    VOLT_PER_METRE(36, "V/m"), // unit 36: electric field strength
    FARAD(37, "F"), // unit 37: capacitance, farad
    OHM(38, "Ohm"), // unit 38: resistance, ohm
    OHM_METRE(39, "Ohm m"), // unit 39: resistivity, ohm square-metre per metre
    WEBER(40, "Wb"), // unit 40: magnetic flux, weber
    TESLA(41, "T"), // unit 41: magnetic flux density, tesla
    AMPERE_PER_METRE(42, "A/m"), // unit 42: magnetic field strength
    HENRY(43, "H"), // unit 43: inductance, henry
    HERTZ(44, "Hz"), // unit 44: frequency, hertz
    PER_WATT_HOUR(45, "1/Wh"), // unit 45: active energy meter constant or pulse value
    PER_VAR_HOUR(46, "1/varh"), // unit 46: reactive energy meter constant or pulse value
    PER_VOLT_AMPERE_HOUR(47, "1/VAh"), // unit 47: apparent energy meter constant or pulse value
    VOLT_SQUARED_HOUR(48, "V2h"), // unit 48: volt-squared hour
    AMPERE_SQUARED_HOUR(49, "A2h"), // unit 49: ampere-squared hour
    KILOGRAM_PER_SECOND(50, "kg/s"), // unit 50: mass flux, kilogram per second
    SIEMENS(51, "S"), // unit 51: conductance, siemens
    KELVIN(52, "K"), // unit 52: temperature, kelvin
    PER_VOLT_SQUARED_HOUR(53, "1/V2h"), // unit 53: volt-squared hour meter constant
    PER_AMPERE_SQUARED_HOUR(54, "1/A2h"), // unit 54: ampere-squared hour meter constant
    PER_CUBIC_METRE(55, "1/m3"), // unit 55: volume meter constant or pulse value
    PERCENT(56, "%"), // unit 56: percentage
    AMPERE_HOUR(57, "Ah"), // unit 57: ampere-hour
    WATT_HOUR_PER_CUBIC_METRE(60, "Wh/m3"), // unit 60: energy per volume
    JOULE_PER_CUBIC_METRE(61, "J/m3"), // unit 61: calorific value, wobbe
    MOLE_PERCENT(62, "mol%"), // unit 62: molar fraction of gas composition
    GRAM_PER_CUBIC_METRE(63, "g/m3"), // unit 63: mass density, quantity of material
    PASCAL_SECOND(64, "Pa s"), // unit 64: dynamic viscosity
    JOULE_PER_KILOGRAM(65, "J/kg"), // unit 65: specific energy
    DBM(70, "dBm"), // unit 70: signal strength, dB milliwatt
    DB_MICROVOLT(71, "dBuV"), // unit 71: signal strength, dB microvolt
    DB(72, "dB"), // unit 72: logarithmic unit
    RESERVED(253, ""), // unit 253: reserved
    OTHER(254, "other"), // unit 254: other unit
    COUNT(255, "count"), // unit 255: no unit, unitless, count
    CUBIC_METRE_PER_SECOND(150, "m3/s"), // jmbus code 150 (outside DLMS): M-Bus VIF volume flow per second
    CUBIC_METRE_PER_MINUTE(151, "m3/min"), // jmbus code 151: M-Bus VIF volume flow per minute
    KILOGRAM_PER_HOUR(152, "kg/h"), // jmbus code 152: M-Bus VIF mass flow
    CUBIC_FEET(153, "cft"), // jmbus code 153: M-Bus VIF FB 20/21, volume in cubic feet
    US_GALLON(154, "gal"), // jmbus code 154: M-Bus VIF FB 22/23, volume in American gallons
    US_GALLON_PER_MINUTE(155, "gal/min"), // jmbus code 155: M-Bus VIF FB 24/25, flow per minute
    US_GALLON_PER_HOUR(156, "gal/h"), // jmbus code 156: M-Bus VIF FB 26, flow per hour
    DEGREE_FAHRENHEIT(157, "°F"); // jmbus code 157: M-Bus VIF FB 58..5F, temperature in Fahrenheit

    private final int code;
    private final String symbol;

    CosemUnit(int code, String symbol) {
        this.code = code;
        this.symbol = symbol;
    }

    public int code() {
        return code;
    }

    public String symbol() {
        return symbol;
    }

    /** The unit with this code, if the code is known. */
    public static Optional<CosemUnit> of(int code) {
        for (CosemUnit unit : values()) {
            if (unit.code == code) {
                return Optional.of(unit);
            }
        }
        return Optional.empty();
    }
}

package org.meternode.board.sim;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.meternode.hal.AnalogInput;
import org.meternode.hal.BoardException;
import org.meternode.hal.BoardOptionReader;
import org.meternode.hal.BoardOptions;
import org.meternode.hal.PowerMonitorInput;
import org.meternode.hal.chip.Ads1115;

/**
 * Reads {@code board-options} into {@link SimOptions}. Each key, its default and its bounds are
 * declared here once; the README's options table mirrors this file.
 */
final class SimOptionsParser {
    static final double MAX_SPEED = 1_000_000;
    static final double ADC_FULL_SCALE_VOLTS = 4.096;

    static final String WATCHDOG = "watchdog";
    static final String TAMPER = "tamper";
    static final String STATUS_LED = "status-led";
    static final Duration DEFAULT_WATCHDOG_TIMEOUT = Duration.ofSeconds(15);

    private static final Set<String> TOP_KEYS = Set.of("speed", "seed", "start", "meters", WATCHDOG, TAMPER, STATUS_LED);
    private static final List<String> TYPES = List.of(MeterSpec.S0Electricity.TYPE, MeterSpec.WaterReed.TYPE,
            MeterSpec.CtClamp.TYPE, MeterSpec.AcVoltage.TYPE, MeterSpec.DcVoltage.TYPE, MeterSpec.Ina219.TYPE,
            MeterSpec.Digital.TYPE);
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)");

    private SimOptionsParser() {
    }

    static SimOptions parse(BoardOptions options) throws BoardException {
        BoardOptionReader top = BoardOptionReader.root(options);
        top.allowOnly(TOP_KEYS);
        double speed = top.numberOr("speed", 1, s -> s > 0 && s <= MAX_SPEED, "> 0 and <= " + (long) MAX_SPEED);
        long seed = top.integerOr("seed", 1);
        var start = top.instant("start");
        BoardOptionReader meters = top.map("meters");
        Map<String, MeterSpec> specs = new LinkedHashMap<>();
        for (String pin : meters.keys()) {
            specs.put(pin, meter(meters, pin));
        }
        checkChips(meters, specs);
        Optional<Duration> watchdog = watchdog(top);
        Optional<String> tamper = digitalPin(top, TAMPER, specs);
        Optional<String> statusLed = digitalPin(top, STATUS_LED, specs);
        if (tamper.isPresent() && tamper.equals(statusLed)) {
            throw top.error(STATUS_LED, "must be another pin than tamper", statusLed.get());
        }
        return new SimOptions(speed, seed, start, specs, watchdog, tamper, statusLed);
    }

    /** Where an analog meter's input sits: an ADS1115 or MCP3008 it names, or (a bare name like A0) an ADS1115 of its own. */
    static Optional<AnalogInput> chipInput(String pin) {
        try {
            return AnalogInput.parseChip("", pin, 0);
        } catch (BoardException e) {
            return Optional.empty(); // refused at parse time, so never reached for a parsed meter
        }
    }

    /**
     * Input names must be valid; meters on one ADS1115 share its data rate; an INA219 and an
     * ADS1115 may not share an I2C address.
     */
    private static void checkChips(BoardOptionReader meters, Map<String, MeterSpec> specs) throws BoardException {
        Map<Integer, String> i2c = new HashMap<>();
        Map<Integer, Double> rates = new HashMap<>();
        for (var e : specs.entrySet()) {
            String pin = e.getKey();
            if (e.getValue() instanceof MeterSpec.Analog analog) {
                Optional<AnalogInput> input = AnalogInput.parseChip(meters.where(pin), pin, 0);
                if (input.isEmpty() || input.get() instanceof AnalogInput.Ads1115Input) {
                    checkAdsRate(meters, pin, analog.samplesPerSecond());
                }
                if (input.isPresent() && input.get() instanceof AnalogInput.Ads1115Input ads) {
                    Double rate = rates.putIfAbsent(ads.address(), analog.samplesPerSecond());
                    if (rate != null && rate != analog.samplesPerSecond()) {
                        throw new BoardException(meters.where(pin) + ".samples-per-second: meters on one ADS1115 share "
                                + "its data rate; others on 0x" + Integer.toHexString(ads.address()) + " use " + rate
                                + ", got " + analog.samplesPerSecond());
                    }
                    claimAddress(meters, pin, i2c, ads.address(), "ADS1115");
                }
            } else if (e.getValue() instanceof MeterSpec.Ina219) {
                claimAddress(meters, pin, i2c, PowerMonitorInput.parse(meters.where(pin), pin).address(), "INA219");
            }
        }
    }

    /** An ADS1115 and an INA219 (two chips) may not answer at one address; meters on one chip may share it. */
    private static void claimAddress(BoardOptionReader meters, String pin, Map<Integer, String> i2c, int address,
            String family) throws BoardException {
        String other = i2c.putIfAbsent(address, family + " " + pin);
        if (other != null && !other.startsWith(family + " ")) {
            throw new BoardException(meters.where(pin) + ": I2C address 0x" + Integer.toHexString(address)
                    + " is already taken by the " + other.replace(" ", " of meter "));
        }
    }

    private static void checkAdsRate(BoardOptionReader meters, String pin, double sps) throws BoardException {
        for (Ads1115.DataRate rate : Ads1115.DataRate.values()) {
            if (rate.samplesPerSecond() == sps) {
                return;
            }
        }
        BoardOptionReader m = meters.map(pin);
        throw m.error("samples-per-second",
                "an ADS1115 converts at 8, 16, 32, 64, 128, 250, 475 or 860 samples per second", m.raw("samples-per-second"));
    }

    /** The I2C address of an ina219 meter key the parser accepted. */
    static int inaAddress(String pin) {
        try {
            return PowerMonitorInput.parse("", pin).address();
        } catch (BoardException e) {
            throw new IllegalStateException("ina219 meter key refused at parse time: " + pin, e);
        }
    }

    /** ADS1115 data rate for a rate the parser accepted. */
    static Ads1115.DataRate adsRate(double sps) {
        for (Ads1115.DataRate rate : Ads1115.DataRate.values()) {
            if (rate.samplesPerSecond() == sps) {
                return rate;
            }
        }
        throw new IllegalArgumentException("not an ADS1115 data rate: " + sps);
    }

    private static Optional<Duration> watchdog(BoardOptionReader top) throws BoardException {
        if (!top.has(WATCHDOG)) {
            return Optional.empty();
        }
        BoardOptionReader w = top.map(WATCHDOG);
        w.allowOnly(Set.of("timeout"));
        return Optional.of(duration(w, "timeout", DEFAULT_WATCHDOG_TIMEOUT));
    }

    /** A duration written {@code 15s}, {@code 500ms} or {@code 2m}, or a number of seconds; 100 ms .. 1 h. */
    private static Duration duration(BoardOptionReader m, String key, Duration fallback) throws BoardException {
        if (!m.has(key)) {
            return fallback;
        }
        Object raw = m.raw(key);
        String rule = "a duration from 100ms to 1h like 15s, 500ms or 2m";
        Duration d;
        if (raw instanceof Number n) {
            d = Duration.ofNanos(Math.round(n.doubleValue() * 1e9));
        } else if (raw instanceof String text && DURATION.matcher(text.trim()).matches()) {
            Matcher x = DURATION.matcher(text.trim());
            x.matches();
            double v = Double.parseDouble(x.group(1));
            double nanosPer = switch (x.group(2)) {
                case "ms" -> 1e6;
                case "s" -> 1e9;
                default -> 60e9;
            };
            d = Duration.ofNanos(Math.round(v * nanosPer));
        } else {
            throw m.error(key, rule, raw);
        }
        if (d.compareTo(Duration.ofMillis(100)) < 0 || d.compareTo(Duration.ofHours(1)) > 0) {
            throw m.error(key, rule, raw);
        }
        return d;
    }

    private static Optional<String> digitalPin(BoardOptionReader top, String key, Map<String, MeterSpec> specs)
            throws BoardException {
        Optional<String> pin = Optional.ofNullable(top.textOr(key, null));
        if (pin.isPresent() && !(specs.get(pin.get()) instanceof MeterSpec.Digital)) {
            throw top.error(key, "must name a meter of type digital (declared: " + String.join(", ", specs.keySet())
                    + ")", pin.get());
        }
        return pin;
    }

    private static MeterSpec meter(BoardOptionReader meters, String pin) throws BoardException {
        BoardOptionReader m = meters.map(pin);
        String type = m.verbatimText("type", "the meter type", TYPES);
        return switch (type) {
            case MeterSpec.S0Electricity.TYPE -> s0Electricity(m);
            case MeterSpec.WaterReed.TYPE -> waterReed(m);
            case MeterSpec.CtClamp.TYPE -> ctClamp(m);
            case MeterSpec.AcVoltage.TYPE -> acVoltage(m);
            case MeterSpec.DcVoltage.TYPE -> dcVoltage(m);
            case MeterSpec.Ina219.TYPE -> ina219(m);
            case MeterSpec.Digital.TYPE -> digital(m);
            default -> throw m.error("type", "unknown meter type; expected one of " + String.join(", ", TYPES), type);
        };
    }

    private static MeterSpec s0Electricity(BoardOptionReader m) throws BoardException {
        m.allowOnly(Set.of("type", "pulses-per-kwh", "base-watts", "peak-watts", "noise"));
        double ppk = m.numberOr("pulses-per-kwh", 1000, v -> v > 0 && v <= 1e6, "> 0 and <= 1000000");
        double base = m.numberOr("base-watts", 250, v -> v >= 0 && v <= 1e6, ">= 0 and <= 1000000");
        double peak = m.numberOr("peak-watts", 3500, v -> v >= 0 && v <= 1e6, ">= 0 and <= 1000000");
        if (peak < base) {
            throw new BoardException(m.where("peak-watts") + ": must be >= base-watts (" + base + "), got " + peak);
        }
        double noise = fraction(m, "noise", 0.15);
        return new MeterSpec.S0Electricity(ppk, base, peak, noise);
    }

    private static MeterSpec waterReed(BoardOptionReader m) throws BoardException {
        m.allowOnly(Set.of("type", "litres-per-pulse"));
        return new MeterSpec.WaterReed(m.numberOr("litres-per-pulse", 1.0, v -> v > 0 && v <= 1e6, "> 0"));
    }

    private static MeterSpec ctClamp(BoardOptionReader m) throws BoardException {
        m.allowOnly(Set.of("type", "ratio", "burden-ohm", "mains-hz", "dc-offset-volts", "samples-per-second",
                "harmonic3", "base-amps", "peak-amps", "noise", "power-factor"));
        String ratioText = m.verbatimTextOr("ratio", "100A:50mA");
        CtRatio ratio;
        try {
            ratio = CtRatio.parse(ratioText);
        } catch (IllegalArgumentException e) {
            throw m.error("ratio", e.getMessage(), ratioText);
        }
        double burden = m.numberOr("burden-ohm", 22, v -> v > 0 && v <= 1e6, "> 0");
        double hz = mainsHz(m);
        double dc = adcVolts(m, "dc-offset-volts", 1.65);
        double sps = samplesPerSecond(m);
        double h3 = fraction(m, "harmonic3", 0.08);
        double base = m.numberOr("base-amps", 1.0, v -> v >= 0 && v <= 1e6, ">= 0");
        double peak = m.numberOr("peak-amps", 15.0, v -> v >= 0 && v <= 1e6, ">= 0");
        if (peak < base) {
            throw new BoardException(m.where("peak-amps") + ": must be >= base-amps (" + base + "), got " + peak);
        }
        double noise = fraction(m, "noise", 0.15);
        double pf = m.numberOr("power-factor", 0.95, v -> v > 0 && v <= 1, "> 0 and <= 1 (current lagging)");
        return new MeterSpec.CtClamp(ratio, burden, (int) hz, dc, sps, h3, base, peak, noise, pf);
    }

    private static MeterSpec acVoltage(BoardOptionReader m) throws BoardException {
        m.allowOnly(Set.of("type", "volts-rms", "volts-per-volt", "dc-offset-volts", "mains-hz", "samples-per-second",
                "noise"));
        double rms = m.numberOr("volts-rms", 230, v -> v > 0 && v <= 1000, "> 0 and <= 1000");
        double perVolt = m.numberOr("volts-per-volt", 230 / 0.8, v -> v > 0 && v <= 1e6, "> 0");
        double dc = adcVolts(m, "dc-offset-volts", 1.65);
        double hz = mainsHz(m);
        double sps = samplesPerSecond(m);
        double noise = fraction(m, "noise", 0.01);
        return new MeterSpec.AcVoltage(rms, perVolt, dc, (int) hz, sps, noise);
    }

    private static MeterSpec dcVoltage(BoardOptionReader m) throws BoardException {
        m.allowOnly(Set.of("type", "volts", "samples-per-second"));
        double volts = adcVolts(m, "volts", 0);
        double sps = samplesPerSecond(m);
        return new MeterSpec.DcVoltage(volts, sps);
    }

    private static MeterSpec ina219(BoardOptionReader m) throws BoardException {
        m.allowOnly(Set.of("type", "bus-volts", "base-amps", "peak-amps", "noise", "shunt-ohm"));
        double bus = m.numberOr("bus-volts", 12.6, v -> v >= 0 && v <= 26, ">= 0 and <= 26 (the INA219's pins stand 26 V)");
        double base = m.numberOr("base-amps", 0.2, v -> v >= 0 && v <= 1000, ">= 0 and <= 1000");
        double peak = m.numberOr("peak-amps", 2.0, v -> v >= 0 && v <= 1000, ">= 0 and <= 1000");
        if (peak < base) {
            throw new BoardException(m.where("peak-amps") + ": must be >= base-amps (" + base + "), got " + peak);
        }
        double noise = fraction(m, "noise", 0.15);
        double shunt = m.numberOr("shunt-ohm", 0.1, v -> v > 0 && v <= 100, "> 0 and <= 100");
        // The curve peaks at peak-amps times a day factor (up to 1.15) times (1 + noise).
        double drop = peak * 1.15 * (1 + noise) * shunt;
        if (drop > 0.32) {
            throw new BoardException(m.where("shunt-ohm") + ": peak-amps " + peak + " with its day factor and noise may"
                    + " drop " + String.format(java.util.Locale.ROOT, "%.3f", drop) + " V across " + shunt
                    + " ohm, beyond the INA219's 320 mV shunt range; use a smaller shunt");
        }
        return new MeterSpec.Ina219(bus, base, peak, noise, shunt);
    }

    private static MeterSpec digital(BoardOptionReader m) throws BoardException {
        m.allowOnly(Set.of("type", "initial"));
        return new MeterSpec.Digital(m.boolOr("initial", false));
    }

    private static double adcVolts(BoardOptionReader m, String key, double fallback) throws BoardException {
        return m.numberOr(key, fallback, v -> Math.abs(v) <= ADC_FULL_SCALE_VOLTS, "within the ADC range -4.096..4.096");
    }

    private static double samplesPerSecond(BoardOptionReader m) throws BoardException {
        return m.numberOr("samples-per-second", 860, v -> v > 0 && v <= 1e6, "> 0 and <= 1000000");
    }

    private static double mainsHz(BoardOptionReader m) throws BoardException {
        return m.numberOr("mains-hz", 50, v -> v == 50 || v == 60, "50 or 60");
    }

    private static double fraction(BoardOptionReader m, String key, double fallback) throws BoardException {
        return m.numberOr(key, fallback, v -> v >= 0 && v < 1, "from 0 up to (not including) 1");
    }
}

package org.meternode.board.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.meternode.hal.BoardException;
import org.meternode.hal.BoardOptionReader;
import org.meternode.hal.BoardOptions;

/**
 * Reads {@code board-options} into {@link SimOptions}. Each key, its default and its bounds are
 * declared here once; the README's options table mirrors this file.
 */
final class SimOptionsParser {
    static final double MAX_SPEED = 1_000_000;
    static final double ADC_FULL_SCALE_VOLTS = 4.096;

    private static final Set<String> TOP_KEYS = Set.of("speed", "seed", "start", "meters");
    private static final List<String> TYPES = List.of(MeterSpec.S0Electricity.TYPE, MeterSpec.WaterReed.TYPE,
            MeterSpec.CtClamp.TYPE, MeterSpec.Digital.TYPE);

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
        return new SimOptions(speed, seed, start, specs);
    }

    private static MeterSpec meter(BoardOptionReader meters, String pin) throws BoardException {
        BoardOptionReader m = meters.map(pin);
        String type = m.verbatimText("type", "the meter type", TYPES);
        return switch (type) {
            case MeterSpec.S0Electricity.TYPE -> s0Electricity(m);
            case MeterSpec.WaterReed.TYPE -> waterReed(m);
            case MeterSpec.CtClamp.TYPE -> ctClamp(m);
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
                "harmonic3", "base-amps", "peak-amps", "noise"));
        String ratioText = m.verbatimTextOr("ratio", "100A:50mA");
        CtRatio ratio;
        try {
            ratio = CtRatio.parse(ratioText);
        } catch (IllegalArgumentException e) {
            throw m.error("ratio", e.getMessage(), ratioText);
        }
        double burden = m.numberOr("burden-ohm", 22, v -> v > 0 && v <= 1e6, "> 0");
        double hz = m.numberOr("mains-hz", 50, v -> v == 50 || v == 60, "50 or 60");
        double dc = m.numberOr("dc-offset-volts", 1.65, v -> Math.abs(v) <= ADC_FULL_SCALE_VOLTS,
                "within the ADC range -4.096..4.096");
        double sps = m.numberOr("samples-per-second", 860, v -> v > 0 && v <= 1e6, "> 0 and <= 1000000");
        double h3 = fraction(m, "harmonic3", 0.08);
        double base = m.numberOr("base-amps", 1.0, v -> v >= 0 && v <= 1e6, ">= 0");
        double peak = m.numberOr("peak-amps", 15.0, v -> v >= 0 && v <= 1e6, ">= 0");
        if (peak < base) {
            throw new BoardException(m.where("peak-amps") + ": must be >= base-amps (" + base + "), got " + peak);
        }
        double noise = fraction(m, "noise", 0.15);
        return new MeterSpec.CtClamp(ratio, burden, (int) hz, dc, sps, h3, base, peak, noise);
    }

    private static MeterSpec digital(BoardOptionReader m) throws BoardException {
        m.allowOnly(Set.of("type", "initial"));
        return new MeterSpec.Digital(m.boolOr("initial", false));
    }

    private static double fraction(BoardOptionReader m, String key, double fallback) throws BoardException {
        return m.numberOr(key, fallback, v -> v >= 0 && v < 1, "from 0 up to (not including) 1");
    }
}

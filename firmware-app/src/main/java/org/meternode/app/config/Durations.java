package org.meternode.app.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in the config: a number and one unit, {@code 20ms}, {@code 10s},
 * {@code 15m}, {@code 2h}, {@code 1d}. Decimals are allowed when they come to whole milliseconds
 * ({@code 1.5h}); a bare number is refused because its unit would be a guess.
 */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("([-+]?)(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)");

    private enum Unit {
        D("d", 86_400_000L), H("h", 3_600_000L), M("m", 60_000L), S("s", 1_000L), MS("ms", 1L);

        final String symbol;
        final long millis;

        Unit(String symbol, long millis) {
            this.symbol = symbol;
            this.millis = millis;
        }
    }

    private Durations() {
    }

    /**
     * Parses {@code <number><unit>}; the sign is kept so that callers can say "must not be
     * negative" rather than "not a duration".
     *
     * @throws IllegalArgumentException with a message fit to show the user, naming the fix
     */
    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: write a number and a unit, e.g. 15m; units are ms, s, m, h, d");
        }
        if (m.group(3).isEmpty()) {
            throw new IllegalArgumentException("no unit: write a unit, e.g. 15m; units are ms, s, m, h, d");
        }
        Unit unit = unit(m.group(3));
        BigDecimal millis = new BigDecimal(m.group(2)).multiply(BigDecimal.valueOf(unit.millis));
        if (millis.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("not a whole number of milliseconds");
        }
        if (millis.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0) {
            throw new IllegalArgumentException("too long");
        }
        long value = millis.longValueExact();
        return Duration.ofMillis(m.group(1).equals("-") ? -value : value);
    }

    /** The shortest text {@link #parse} reads back to the same value: 90s, 15m, 1d, 1500ms. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        for (Unit unit : Unit.values()) {
            if (millis % unit.millis == 0) {
                return millis / unit.millis + unit.symbol;
            }
        }
        throw new AssertionError("ms divides everything");
    }

    private static Unit unit(String symbol) {
        for (Unit unit : Unit.values()) {
            if (unit.symbol.equals(symbol)) {
                return unit;
            }
        }
        throw new IllegalArgumentException("unknown unit '" + symbol + "': use ms, s, m, h or d");
    }
}

package org.meternode.board.sim;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A current transformer's ratio, written like {@code "100A:50mA"}. */
public record CtRatio(double primaryAmps, double secondaryAmps) {
    private static final Pattern TEXT = Pattern.compile(
            "\\s*(\\d+(?:\\.\\d+)?)\\s*(A|mA)\\s*:\\s*(\\d+(?:\\.\\d+)?)\\s*(A|mA)\\s*", Pattern.CASE_INSENSITIVE);

    public CtRatio {
        if (!(secondaryAmps > 0) || !(primaryAmps > secondaryAmps) || Double.isInfinite(primaryAmps)) {
            throw new IllegalArgumentException("a current transformer steps current down: need primary > secondary > 0, got "
                    + primaryAmps + " A : " + secondaryAmps + " A");
        }
    }

    /** Parses {@code "<number>A|mA:<number>A|mA"}; the message says what is expected. */
    public static CtRatio parse(String text) {
        Matcher m = TEXT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected primary:secondary current like \"100A:50mA\"");
        }
        return new CtRatio(amps(m.group(1), m.group(2)), amps(m.group(3), m.group(4)));
    }

    /** Primary amps per secondary amp (100 A : 50 mA = 2000). */
    public double turns() {
        return primaryAmps / secondaryAmps;
    }

    private static double amps(String number, String unit) {
        double value = Double.parseDouble(number);
        return unit.toLowerCase(Locale.ROOT).equals("ma") ? value / 1000 : value;
    }
}

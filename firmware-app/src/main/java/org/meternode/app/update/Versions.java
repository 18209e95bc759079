package org.meternode.app.update;

import java.util.regex.Pattern;

/**
 * Compares firmware versions like {@code 1.2.10} or {@code 0.2.0-rc1}: numeric dot segments first
 * (missing segments count as 0), then a release ranks above any pre-release with the same numbers,
 * and pre-release tags compare as text.
 */
public final class Versions {
    private static final Pattern FORM = Pattern.compile("[0-9]+(\\.[0-9]+){0,3}(-[A-Za-z0-9.]+)?");

    private Versions() {
    }

    /** True for versions this class can compare, e.g. {@code 0.2.0} or {@code 1.0-rc.2}. */
    public static boolean isValid(String version) {
        return version != null && FORM.matcher(version).matches();
    }

    public static int compare(String a, String b) {
        if (!isValid(a) || !isValid(b)) {
            throw new IllegalArgumentException("not a version: '" + (isValid(a) ? b : a) + "'");
        }
        String[] pa = a.split("-", 2);
        String[] pb = b.split("-", 2);
        String[] na = pa[0].split("\\.");
        String[] nb = pb[0].split("\\.");
        for (int i = 0; i < Math.max(na.length, nb.length); i++) {
            int c = compareDigits(i < na.length ? na[i] : "0", i < nb.length ? nb[i] : "0");
            if (c != 0) {
                return c;
            }
        }
        if (pa.length != pb.length) {
            return pa.length == 1 ? 1 : -1;
        }
        return pa.length == 1 ? 0 : pa[1].compareTo(pb[1]);
    }

    /** Numeric order of two digit strings of any length (a signed manifest may carry 30 digits). */
    private static int compareDigits(String x, String y) {
        String a = x.replaceFirst("^0+(?=.)", "");
        String b = y.replaceFirst("^0+(?=.)", "");
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
}

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
            long x = i < na.length ? Long.parseLong(na[i]) : 0;
            long y = i < nb.length ? Long.parseLong(nb[i]) : 0;
            if (x != y) {
                return Long.compare(x, y);
            }
        }
        if (pa.length != pb.length) {
            return pa.length == 1 ? 1 : -1;
        }
        return pa.length == 1 ? 0 : pa[1].compareTo(pb[1]);
    }
}

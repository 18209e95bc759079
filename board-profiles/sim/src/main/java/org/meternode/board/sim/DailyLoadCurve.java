package org.meternode.board.sim;

/**
 * The shape of a household's day (UTC hours): near 0 at night, a morning peak around 07:30, a small
 * midday hump and the evening peak around 19:30 reaching about 1.
 */
final class DailyLoadCurve {
    private DailyLoadCurve() {
    }

    /** Fraction of the way from base to peak load at {@code hourOfDay} in [0, 24). */
    static double shape(double hourOfDay) {
        return bump(hourOfDay, 7.5, 0.75, 0.5)
                + bump(hourOfDay, 13.0, 2.5, 0.12)
                + bump(hourOfDay, 19.5, 1.2, 1.0);
    }

    /** Hour of day at the middle of UTC minute {@code minute} (minutes since 1970). */
    static double hourAtMiddleOf(long minute) {
        return (Math.floorMod(minute, 1440) + 0.5) / 60.0;
    }

    /** A Gaussian bump around {@code centre}, wrapping at midnight. */
    private static double bump(double hour, double centre, double widthHours, double height) {
        double d = Math.abs(hour - centre);
        d = Math.min(d, 24 - d);
        return height * Math.exp(-0.5 * (d / widthHours) * (d / widthHours));
    }
}

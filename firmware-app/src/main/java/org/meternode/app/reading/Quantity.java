package org.meternode.app.reading;

/** What a reading measures, with the unit meternode reports it in. */
public enum Quantity {
    /** Cumulative active energy. */
    ENERGY("energy", "kWh"),
    /** Mean active power over the sampling interval. */
    POWER("power", "W"),
    /** Cumulative water volume. */
    VOLUME("volume", "m3"),
    /** RMS current over whole mains cycles. */
    CURRENT("current", "A"),
    /** Apparent power: RMS current times the configured nominal mains voltage. */
    APPARENT_POWER("apparent-power", "VA"),
    /** Mean water flow over the sampling interval. */
    FLOW("flow", "L/min");

    private final String suffix;
    private final String unit;

    Quantity(String suffix, String unit) {
        this.suffix = suffix;
        this.unit = unit;
    }

    /** The stream name suffix: {@code grid} + {@code .energy}. */
    public String suffix() {
        return suffix;
    }

    public String unit() {
        return unit;
    }

    /** The reading stream name of this quantity of {@code channelId}. */
    public String stream(String channelId) {
        return channelId + "." + suffix;
    }

    /** The quantity with this stream suffix ({@code energy}, {@code power}, ...). */
    public static Quantity bySuffix(String suffix) {
        for (Quantity q : values()) {
            if (q.suffix.equals(suffix)) {
                return q;
            }
        }
        throw new IllegalArgumentException("no quantity '" + suffix + "'");
    }
}

package org.meternode.app.reading;

/** What a reading measures, with the unit meternode reports it in. */
public enum Quantity {
    /** Cumulative active energy. */
    ENERGY("energy", "kWh", true),
    /** Mean active power over the sampling interval. */
    POWER("power", "W", true),
    /** Cumulative water volume. */
    VOLUME("volume", "m3", true),
    /** RMS current over whole mains cycles. */
    CURRENT("current", "A", true),
    /** Apparent power: RMS current times the configured nominal mains voltage. */
    APPARENT_POWER("apparent-power", "VA", false),
    /** Mean water flow over the sampling interval. */
    FLOW("flow", "L/min", false),
    /** Voltage: a DC bus voltage, or the RMS mains voltage of a voltage reference. */
    VOLTAGE("voltage", "V", true),
    /** Cumulative apparent energy, integrated from apparent power (a CT clamp with a nominal voltage). */
    APPARENT_ENERGY("apparent-energy", "kVAh", false),
    /** Received signal strength of a radio meter's latest telegram (wireless M-Bus). */
    RSSI("rssi", "dBm", false);

    private final String suffix;
    private final String unit;
    private final boolean nameable;

    Quantity(String suffix, String unit, boolean nameable) {
        this.suffix = suffix;
        this.unit = unit;
        this.nameable = nameable;
    }

    /**
     * Whether a stream of this quantity may carry a configured name ({@code p1.import-t1}). Quantities
     * reported on a shared object (apparent power and flow ride on Generic Sensor with volume) are
     * told apart at the head-end by their quantity name, so they keep it.
     */
    public boolean nameable() {
        return nameable;
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

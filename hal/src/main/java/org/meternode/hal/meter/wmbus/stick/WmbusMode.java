package org.meternode.hal.meter.wmbus.stick;

/**
 * The wireless M-Bus (EN 13757-4) modes a collector stick listens in: T1 (meters send often, 868.95
 * MHz), C1 (compact, 868.95 MHz) and S1 (stationary, 868.3 MHz). Each stick maps these to its own
 * receive-mode number.
 */
public enum WmbusMode {
    T1, C1, S1;

    /** The mode as configuration writes it ({@code t1}, {@code C1}, ...), any case; empty for no mode. */
    public static java.util.Optional<WmbusMode> of(String name) {
        return java.util.Arrays.stream(values()).filter(m -> m.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The names as configuration writes them: {@code t1}, {@code c1}, {@code s1}. */
    public static java.util.List<String> names() {
        return java.util.Arrays.stream(values()).map(m -> m.name().toLowerCase(java.util.Locale.ROOT)).toList();
    }
}

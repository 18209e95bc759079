package org.meternode.hal.meter.wmbus.stick;

/**
 * The wireless M-Bus (EN 13757-4) modes a collector stick listens in: T1 (meters send often, 868.95
 * MHz), C1 (compact, 868.95 MHz) and S1 (stationary, 868.3 MHz). Each stick maps these to its own
 * receive-mode number.
 */
public enum WmbusMode {
    T1, C1, S1
}

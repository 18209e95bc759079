package org.meternode.hal.serial;

/**
 * Character framing of a serial line: bits per second, data bits, parity and stop bits.
 *
 * @param baud bits per second, e.g. 115200
 * @param dataBits 5 to 8
 * @param stopBits 1 or 2
 */
public record SerialSettings(int baud, int dataBits, Parity parity, int stopBits) {
    /** DSMR 4 and 5 P1 ports: 115200 8N1. */
    public static final SerialSettings DSMR = new SerialSettings(115200, 8, Parity.NONE, 1);
    /** DSMR 2.2 and 3 P1 ports: 9600 7E1. */
    public static final SerialSettings DSMR_2_2 = new SerialSettings(9600, 7, Parity.EVEN, 1);
    /** Wired M-Bus (EN 13757-2) at its most common rate: 2400 8E1. */
    public static final SerialSettings MBUS = new SerialSettings(2400, 8, Parity.EVEN, 1);
    /** IEC 62056-21 opening rate for modes A to C: 300 7E1. */
    public static final SerialSettings IEC_62056_21_START = new SerialSettings(300, 7, Parity.EVEN, 1);

    public enum Parity { NONE, EVEN, ODD }

    public SerialSettings {
        if (baud < 50 || baud > 4_000_000) {
            throw new IllegalArgumentException("baud " + baud + " is outside 50..4000000");
        }
        if (dataBits < 5 || dataBits > 8) {
            throw new IllegalArgumentException("dataBits " + dataBits + " is outside 5..8");
        }
        if (parity == null) {
            throw new IllegalArgumentException("parity is missing");
        }
        if (stopBits != 1 && stopBits != 2) {
            throw new IllegalArgumentException("stopBits " + stopBits + " is neither 1 nor 2");
        }
    }

    /** The same framing at another rate (IEC 62056-21 switches rate after the identification). */
    public SerialSettings withBaud(int newBaud) {
        return new SerialSettings(newBaud, dataBits, parity, stopBits);
    }

    @Override
    public String toString() {
        return baud + " " + dataBits + parity.name().charAt(0) + stopBits;
    }
}

package org.meternode.hal.meter;

/**
 * The CRC-16 variants meter protocols use: two reflected ones (polynomial 0x8005 reflected as 0xA001
 * and 0x1021 reflected as 0x8408) and the unreflected EN 13757 one (0x3D65), computed bitwise:
 * telegrams are a few kilobytes at most.
 */
public final class Crc16 {
    private Crc16() {
    }

    /** CRC-16/ARC (init 0, no final xor): the DSMR P1 telegram CRC over '/' .. '!' inclusive. */
    public static int arc(byte[] data, int offset, int length) {
        return reflected(data, offset, length, 0xA001, 0x0000, 0x0000);
    }

    /** CRC-16/X-25 (init 0xFFFF, final xor 0xFFFF): the SML transport and SML message CRC. */
    public static int x25(byte[] data, int offset, int length) {
        return reflected(data, offset, length, 0x8408, 0xFFFF, 0xFFFF);
    }

    /**
     * CRC-16/EN-13757 (polynomial 0x3D65 MSB first, init 0, final xor 0xFFFF): the wireless M-Bus
     * link-layer block CRC (EN 13757-4) and the ELL payload CRC.
     */
    public static int en13757(byte[] data, int offset, int length) {
        int crc = 0;
        for (int i = offset; i < offset + length; i++) {
            crc ^= (data[i] & 0xFF) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = ((crc & 0x8000) != 0 ? (crc << 1) ^ 0x3D65 : crc << 1) & 0xFFFF;
            }
        }
        return (crc ^ 0xFFFF) & 0xFFFF;
    }

    private static int reflected(byte[] data, int offset, int length, int poly, int init, int xorOut) {
        int crc = init;
        for (int i = offset; i < offset + length; i++) {
            crc ^= data[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ poly : crc >>> 1;
            }
        }
        return (crc ^ xorOut) & 0xFFFF;
    }
}

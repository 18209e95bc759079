package org.meternode.hal.meter.mbus;

import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The 8-byte secondary address of an M-Bus meter (EN 13757-3, fixed/long header): identification
 * number (8 BCD digits), manufacturer (3 letters, EN 62056-21 flag code), version and medium.
 */
public record MbusSecondaryAddress(String identification, String manufacturer, int version, int medium) {
    private static final Pattern IDENTIFICATION = Pattern.compile("[0-9A-F]{8}");
    private static final Pattern MANUFACTURER = Pattern.compile("[@-_]{3}");
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    public MbusSecondaryAddress {
        if (identification == null || !IDENTIFICATION.matcher(identification).matches()) {
            throw new IllegalArgumentException("identification '" + identification + "' is not 8 hex/BCD digits");
        }
        if (manufacturer == null || !MANUFACTURER.matcher(manufacturer).matches()) {
            throw new IllegalArgumentException("manufacturer '" + manufacturer + "' is not 3 letters");
        }
        if (version < 0 || version > 255 || medium < 0 || medium > 255) {
            throw new IllegalArgumentException("version " + version + " or medium " + medium + " is not a byte");
        }
    }

    /** Reads the 8 bytes at {@code offset}: ID (BCD, least significant byte first), manufacturer, version, medium. */
    static MbusSecondaryAddress decode(byte[] bytes, int offset) {
        StringBuilder id = new StringBuilder(8);
        for (int i = offset + 3; i >= offset; i--) {
            id.append(HEX.toHexDigits(bytes[i]));
        }
        int code = (bytes[offset + 4] & 0xFF) | (bytes[offset + 5] & 0xFF) << 8;
        String manufacturer = "" + (char) ((code >> 10 & 0x1F) + 64) + (char) ((code >> 5 & 0x1F) + 64)
                + (char) ((code & 0x1F) + 64);
        return new MbusSecondaryAddress(id.toString(), manufacturer, bytes[offset + 6] & 0xFF, bytes[offset + 7] & 0xFF);
    }

    /** The 8 bytes as sent in a selection (SND_UD, CI 52h) or received in a long header. */
    public byte[] encode() {
        byte[] bytes = new byte[8];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) Integer.parseInt(identification.substring(6 - 2 * i, 8 - 2 * i), 16);
        }
        String upper = manufacturer.toUpperCase(Locale.ROOT);
        int code = (upper.charAt(0) - 64) << 10 | (upper.charAt(1) - 64) << 5 | (upper.charAt(2) - 64);
        bytes[4] = (byte) code;
        bytes[5] = (byte) (code >> 8);
        bytes[6] = (byte) version;
        bytes[7] = (byte) medium;
        return bytes;
    }
}

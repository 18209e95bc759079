package org.meternode.hal.meter.wmbus;

import java.util.Map;
import org.meternode.hal.meter.DecodingException;

/**
 * A wireless M-Bus address: manufacturer, identification number, version and device type, as the
 * link layer (L C <b>M A</b>) or a long transport layer header (CI 72h: <b>A</b> M ver type) carries it.
 *
 * @param manufacturer three letters from the 15-bit manufacturer code (EN 13757-3 / FLAG id), e.g. {@code KAM}
 * @param id the identification number as printed on the meter: its 4 bytes, most significant first, as hex
 *         digits (BCD by the standard, so normally 8 decimal digits)
 * @param version the meter's version byte
 * @param deviceType the device type (medium) byte, EN 13757-7 table 12 / EN 13757-3 table 3
 */
public record WmbusAddress(String manufacturer, String id, int version, int deviceType) {

    public WmbusAddress {
        if (!manufacturer.matches("[@-_]{3}")) {
            throw new IllegalArgumentException("manufacturer '" + manufacturer + "' is not 3 letters");
        }
        if (!id.matches("[0-9A-F]{8}")) {
            throw new IllegalArgumentException("id '" + id + "' is not 8 digits");
        }
        if (version < 0 || version > 0xFF || deviceType < 0 || deviceType > 0xFF) {
            throw new IllegalArgumentException("version and device type are bytes: " + version + ", " + deviceType);
        }
    }

    // EN 13757-7:2018 table 12 (device type), names as EN 13757-3 gives them, shortened.
    private static final Map<Integer, String> MEDIA = Map.ofEntries(
            Map.entry(0x00, "other"),
            Map.entry(0x01, "oil"),
            Map.entry(0x02, "electricity"),
            Map.entry(0x03, "gas"),
            Map.entry(0x04, "heat"), // heat meter, volume measured at the return (outlet)
            Map.entry(0x05, "steam"),
            Map.entry(0x06, "warm water"), // 30 °C .. 90 °C
            Map.entry(0x07, "water"),
            Map.entry(0x08, "heat cost allocator"),
            Map.entry(0x09, "compressed air"),
            Map.entry(0x0A, "cooling"), // cooling load meter, volume measured at the return (outlet)
            Map.entry(0x0B, "cooling"), // cooling load meter, volume measured at the flow (inlet)
            Map.entry(0x0C, "heat"), // heat meter, volume measured at the flow (inlet)
            Map.entry(0x0D, "heat/cooling"),
            Map.entry(0x0E, "bus/system component"),
            Map.entry(0x0F, "unknown"),
            Map.entry(0x14, "calorific value"),
            Map.entry(0x15, "hot water"), // 90 °C and above
            Map.entry(0x16, "cold water"),
            Map.entry(0x17, "dual register water"), // hot and cold
            Map.entry(0x18, "pressure"),
            Map.entry(0x19, "A/D converter"),
            Map.entry(0x1A, "smoke detector"),
            Map.entry(0x1B, "room sensor"),
            Map.entry(0x1C, "gas detector"),
            Map.entry(0x20, "breaker"),
            Map.entry(0x21, "valve"),
            Map.entry(0x25, "customer unit"),
            Map.entry(0x28, "waste water"),
            Map.entry(0x29, "garbage"),
            Map.entry(0x31, "communication controller"),
            Map.entry(0x32, "unidirectional repeater"),
            Map.entry(0x33, "bidirectional repeater"),
            Map.entry(0x36, "radio converter (system side)"),
            Map.entry(0x37, "radio converter (meter side)"),
            Map.entry(0x38, "wired adapter"));

    /** The medium the device type stands for: "water", "heat", "gas", "warm water", "heat cost allocator", ... */
    public String medium() {
        return MEDIA.getOrDefault(deviceType, String.format("reserved (%02Xh)", deviceType));
    }

    /** The link layer order, M (2 bytes LE) then A (id 4 bytes LE, version, type): 8 bytes at {@code offset}. */
    public static WmbusAddress decodeLinkOrder(byte[] b, int offset) throws DecodingException {
        return decode(b, offset + 2, offset, offset + 6);
    }

    /** The long header order, id (4 bytes LE), M (2 bytes LE), version, type: 8 bytes at {@code offset}. */
    static WmbusAddress decodeHeaderOrder(byte[] b, int offset) throws DecodingException {
        return decode(b, offset, offset + 4, offset + 6);
    }

    private static WmbusAddress decode(byte[] b, int idAt, int mAt, int versionAt) throws DecodingException {
        int code = (b[mAt] & 0xFF) | (b[mAt + 1] & 0xFF) << 8;
        if ((code & 0x8000) != 0) {
            throw new DecodingException(String.format("manufacturer code %04Xh has bit 15 set", code), mAt);
        }
        String manufacturer = new String(new char[] {letter(code >> 10), letter(code >> 5), letter(code)});
        String id = String.format("%02X%02X%02X%02X", b[idAt + 3], b[idAt + 2], b[idAt + 1], b[idAt]);
        return new WmbusAddress(manufacturer, id, b[versionAt] & 0xFF, b[versionAt + 1] & 0xFF);
    }

    private static char letter(int fiveBits) {
        return (char) ('@' + (fiveBits & 0x1F));
    }

    /** The 2-byte manufacturer code, least significant byte first, as in the frame. */
    byte[] manufacturerBytes() {
        int code = (manufacturer.charAt(0) - '@') << 10 | (manufacturer.charAt(1) - '@') << 5 | (manufacturer.charAt(2) - '@');
        return new byte[] {(byte) code, (byte) (code >> 8)};
    }

    /** The 4 identification bytes, least significant first, as in the frame. */
    byte[] idBytes() {
        return idBytes(id);
    }

    /** The 4 bytes an 8-digit meter id is sent as (BCD, least significant byte first). */
    public static byte[] idBytes(String id) {
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            out[i] = (byte) Integer.parseInt(id.substring(6 - 2 * i, 8 - 2 * i), 16);
        }
        return out;
    }

    /** M, id, version, type: the link-layer byte order, and the first 8 bytes of the mode 5 and ELL IVs. */
    byte[] linkOrderBytes() {
        byte[] m = manufacturerBytes();
        byte[] a = idBytes();
        return new byte[] {m[0], m[1], a[0], a[1], a[2], a[3], (byte) version, (byte) deviceType};
    }

    /** Id, M, version, type: the long header's byte order. */
    byte[] headerOrderBytes() {
        byte[] m = manufacturerBytes();
        byte[] a = idBytes();
        return new byte[] {a[0], a[1], a[2], a[3], m[0], m[1], (byte) version, (byte) deviceType};
    }
}

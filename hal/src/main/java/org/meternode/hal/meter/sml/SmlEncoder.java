package org.meternode.hal.meter.sml;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;
import org.meternode.hal.meter.Crc16;

/**
 * Builds SML messages and transport files, for tests and simulated meters (the node never sends SML);
 * the node decodes them with {@link SmlFile}.
 */
public final class SmlEncoder {
    private SmlEncoder() {
    }

    public static byte[] list(byte[]... items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x70 | items.length);
        for (byte[] item : items) {
            out.writeBytes(item);
        }
        return out.toByteArray();
    }

    public static byte[] octets(byte... bytes) {
        if (bytes.length + 1 > 15) {
            int total = bytes.length + 2;
            byte[] out = new byte[total];
            out[0] = (byte) (0x80 | (total >> 4));
            out[1] = (byte) (total & 0x0F);
            System.arraycopy(bytes, 0, out, 2, bytes.length);
            return out;
        }
        byte[] out = new byte[bytes.length + 1];
        out[0] = (byte) (bytes.length + 1);
        System.arraycopy(bytes, 0, out, 1, bytes.length);
        return out;
    }

    public static byte[] absent() {
        return new byte[] {0x01};
    }

    public static byte[] unsigned(long value, int bytes) {
        return integer(0x60, BigInteger.valueOf(value), bytes);
    }

    public static byte[] signed(long value, int bytes) {
        return integer(0x50, BigInteger.valueOf(value), bytes);
    }

    private static byte[] integer(int type, BigInteger value, int bytes) {
        byte[] twos = value.toByteArray();
        byte[] out = new byte[bytes + 1];
        out[0] = (byte) (type | (bytes + 1));
        byte fill = value.signum() < 0 ? (byte) 0xFF : 0;
        for (int i = 0; i < bytes; i++) {
            int from = twos.length - bytes + i;
            out[1 + i] = from >= 0 ? twos[from] : fill;
        }
        return out;
    }

    public static byte[] obis(int a, int b, int c, int d, int e, int f) {
        return octets((byte) a, (byte) b, (byte) c, (byte) d, (byte) e, (byte) f);
    }

    /** A GetList response message with the given entries (each a list of 7). */
    public static byte[] getListResponse(byte[] serverId, byte[]... entries) {
        byte[] body = list(unsigned(0x0701, 4), list(absent(), octets(serverId), absent(), absent(), list(entries),
                absent(), absent()));
        return message(body);
    }

    public static byte[] entry(byte[] obis, int unit, int scaler, byte[] value) {
        return list(obis, absent(), absent(), unsigned(unit, 1), signed(scaler, 1), value, absent());
    }

    /** Wraps a body in an SML message with transaction ID, group 0, abort 0 and a correct CRC. */
    public static byte[] message(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x76);
        out.writeBytes(octets((byte) 0x42));
        out.writeBytes(unsigned(0, 1));
        out.writeBytes(unsigned(0, 1));
        out.writeBytes(body);
        byte[] upToCrc = out.toByteArray();
        int crc = Crc16.x25(upToCrc, 0, upToCrc.length);
        out.write(0x63);
        out.write(crc & 0xFF);
        out.write(crc >> 8);
        out.write(0x00);
        return out.toByteArray();
    }

    /** Transport framing v1: start, escaped data padded to 4-byte blocks, end with fill count and CRC. */
    public static byte[] file(byte[]... messages) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (byte[] message : messages) {
            data.writeBytes(message);
        }
        int fill = (4 - data.size() % 4) % 4;
        for (int i = 0; i < fill; i++) {
            data.write(0);
        }
        byte[] padded = data.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1B, 0x1B, 0x1B, 0x1B, 0x01, 0x01, 0x01, 0x01});
        for (int i = 0; i < padded.length; i += 4) {
            byte[] block = Arrays.copyOfRange(padded, i, i + 4);
            if (Arrays.equals(block, new byte[] {0x1B, 0x1B, 0x1B, 0x1B})) {
                out.writeBytes(block);
            }
            out.writeBytes(block);
        }
        out.writeBytes(new byte[] {0x1B, 0x1B, 0x1B, 0x1B, 0x1A, (byte) fill});
        return withTransportCrc(out.toByteArray());
    }

    /** Appends (or replaces, when the file already ends with one) the transport CRC. */
    public static byte[] withTransportCrc(byte[] fileWithoutCrc) {
        int crc = Crc16.x25(fileWithoutCrc, 0, fileWithoutCrc.length);
        byte[] out = Arrays.copyOf(fileWithoutCrc, fileWithoutCrc.length + 2);
        out[out.length - 2] = (byte) crc;
        out[out.length - 1] = (byte) (crc >> 8);
        return out;
    }
}

package org.meternode.hal.meter.wmbus.stick;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.meternode.hal.meter.ChecksumException;
import org.meternode.hal.meter.Crc16;
import org.meternode.hal.meter.DecodingException;

/**
 * One message of IMST's wM-Bus HCI protocol (iM871A, iM170A) on the USB serial line:
 * <pre>
 * A5h | control (high nibble: flags, low nibble: endpoint) | message id | length | payload
 *     | [timestamp, 4 bytes, flag 2] | [RSSI, 1 byte, flag 4] | [CRC16, 2 bytes, flag 8]
 * </pre>
 * Flag 1 is reserved and must be clear. The CRC is CRC-16/X-25 over control field to the last byte
 * before it, sent low byte first (wmbusmeters checks it that way; jmbus 3.3.0 reads and ignores it).
 * The timestamp is kept as sent, read low byte first; nothing here relies on it.
 *
 * @param endpoint {@link #DEVMGMT} or {@link #RADIOLINK} (RADIOLINKTEST, HWTEST also decode)
 * @param messageId the endpoint's message id
 * @param payload the bytes the length field counts
 * @param timestamp the stick's receive timestamp, when attached
 * @param rssiRaw the raw RSSI byte 0..255, when attached
 * @param withCrc whether a CRC16 is attached (encode adds it; decode has checked it)
 */
public record HciMessage(int endpoint, int messageId, byte[] payload, OptionalLong timestamp, OptionalInt rssiRaw,
        boolean withCrc) {
    public static final int START_OF_FRAME = 0xA5;
    public static final int DEVMGMT = 0x01;
    public static final int RADIOLINK = 0x02;
    public static final int RADIOLINKTEST = 0x03;
    public static final int HWTEST = 0x04;
    public static final int PING_REQ = 0x01;
    public static final int PING_RSP = 0x02;
    public static final int SET_CONFIG_REQ = 0x03;
    public static final int SET_CONFIG_RSP = 0x04;
    /** RADIOLINK: a received wM-Bus frame, from its C-field on (the stick drops the L-field). */
    public static final int WMBUSMSG_IND = 0x03;
    /** Highest message id per endpoint 1..4 (HCI spec 1.6 as listed by wmbusmeters' im871a driver). */
    private static final int[] LAST_MESSAGE_ID = {0, 0x27, 0x05, 0x07, 0x02};
    private static final int FLAG_RESERVED = 0x1;
    private static final int FLAG_TIMESTAMP = 0x2;
    private static final int FLAG_RSSI = 0x4;
    private static final int FLAG_CRC = 0x8;
    private static final int HEADER = 4;

    public HciMessage {
        if (endpoint < 1 || endpoint > 0x0F) {
            throw new IllegalArgumentException("endpoint " + endpoint + " is outside 1..15");
        }
        if (messageId < 0 || messageId > 0xFF) {
            throw new IllegalArgumentException("message id " + messageId + " is outside 0..255");
        }
        payload = payload.clone();
        if (payload.length > 0xFF) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes exceeds 255");
        }
        rssiRaw.ifPresent(r -> {
            if (r < 0 || r > 0xFF) {
                throw new IllegalArgumentException("raw RSSI " + r + " is outside 0..255");
            }
        });
    }

    /** A host command: no timestamp, no RSSI, no CRC (as jmbus and wmbusmeters send them). */
    public static HciMessage command(int endpoint, int messageId, byte... payload) {
        return new HciMessage(endpoint, messageId, payload, OptionalLong.empty(), OptionalInt.empty(), false);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The total message length on the line for the header at the start of {@code head}, or 0 if fewer than 4 bytes. */
    public static int frameLength(byte[] head, int available) throws DecodingException {
        if (available < HEADER) {
            return 0;
        }
        checkHeader(head);
        int flags = (head[1] & 0xF0) >>> 4;
        return HEADER + (head[3] & 0xFF) + ((flags & FLAG_TIMESTAMP) != 0 ? 4 : 0) + ((flags & FLAG_RSSI) != 0 ? 1 : 0)
                + ((flags & FLAG_CRC) != 0 ? 2 : 0);
    }

    private static void checkHeader(byte[] head) throws DecodingException {
        if ((head[0] & 0xFF) != START_OF_FRAME) {
            throw new DecodingException(String.format("HCI message starts with %02Xh, not A5h", head[0] & 0xFF), 0);
        }
        int flags = (head[1] & 0xF0) >>> 4;
        int endpoint = head[1] & 0x0F;
        if ((flags & FLAG_RESERVED) != 0) {
            throw new DecodingException(String.format("HCI control field %02Xh has the reserved bit 10h set",
                    head[1] & 0xFF), 1);
        }
        if (endpoint < 1 || endpoint >= LAST_MESSAGE_ID.length) {
            throw new UnknownMessageException(String.format("HCI endpoint %02Xh unknown", endpoint), 1);
        }
        int id = head[2] & 0xFF;
        if (id < 1 || id > LAST_MESSAGE_ID[endpoint]) {
            throw new UnknownMessageException(String.format("HCI message id %02Xh unknown for endpoint %s", id,
                    endpointName(endpoint)), 2);
        }
    }

    /**
     * Decodes one whole HCI message: start byte, known endpoint and id, length against the flags, CRC.
     *
     * @throws ChecksumException if the attached CRC16 does not match
     */
    public static HciMessage decode(byte[] message) throws DecodingException {
        if (message.length < HEADER) {
            throw new DecodingException("HCI message of " + message.length + " bytes is shorter than its 4-byte header",
                    message.length);
        }
        int expected = frameLength(message, message.length);
        if (message.length != expected) {
            throw new DecodingException("HCI message of " + message.length + " bytes, its header says " + expected,
                    Math.min(expected, message.length));
        }
        int flags = (message[1] & 0xF0) >>> 4;
        int length = message[3] & 0xFF;
        int i = HEADER + length;
        OptionalLong timestamp = OptionalLong.empty();
        if ((flags & FLAG_TIMESTAMP) != 0) {
            timestamp = OptionalLong.of((message[i] & 0xFFL) | (message[i + 1] & 0xFFL) << 8
                    | (message[i + 2] & 0xFFL) << 16 | (message[i + 3] & 0xFFL) << 24);
            i += 4;
        }
        OptionalInt rssi = OptionalInt.empty();
        if ((flags & FLAG_RSSI) != 0) {
            rssi = OptionalInt.of(message[i] & 0xFF);
            i++;
        }
        boolean crc = (flags & FLAG_CRC) != 0;
        if (crc) {
            int stored = (message[i] & 0xFF) | (message[i + 1] & 0xFF) << 8;
            int computed = Crc16.x25(message, 1, i - 1);
            if (stored != computed) {
                throw new ChecksumException(String.format("HCI CRC %04Xh, computed %04Xh", stored, computed), i);
            }
        }
        return new HciMessage(message[1] & 0x0F, message[2] & 0xFF, Arrays.copyOfRange(message, HEADER, HEADER + length),
                timestamp, rssi, crc);
    }

    /** The bytes on the line, CRC computed when {@link #withCrc}. */
    public byte[] encode() {
        int flags = (timestamp.isPresent() ? FLAG_TIMESTAMP : 0) | (rssiRaw.isPresent() ? FLAG_RSSI : 0)
                | (withCrc ? FLAG_CRC : 0);
        byte[] out = new byte[HEADER + payload.length + (timestamp.isPresent() ? 4 : 0) + (rssiRaw.isPresent() ? 1 : 0)
                + (withCrc ? 2 : 0)];
        out[0] = (byte) START_OF_FRAME;
        out[1] = (byte) (flags << 4 | endpoint);
        out[2] = (byte) messageId;
        out[3] = (byte) payload.length;
        System.arraycopy(payload, 0, out, HEADER, payload.length);
        int i = HEADER + payload.length;
        if (timestamp.isPresent()) {
            long t = timestamp.getAsLong();
            for (int b = 0; b < 4; b++) {
                out[i++] = (byte) (t >>> (8 * b));
            }
        }
        if (rssiRaw.isPresent()) {
            out[i++] = (byte) rssiRaw.getAsInt();
        }
        if (withCrc) {
            int crc = Crc16.x25(out, 1, i - 1);
            out[i++] = (byte) crc;
            out[i] = (byte) (crc >>> 8);
        }
        return out;
    }

    static String endpointName(int endpoint) {
        return switch (endpoint) {
            case DEVMGMT -> "DEVMGMT";
            case RADIOLINK -> "RADIOLINK";
            case RADIOLINKTEST -> "RADIOLINKTEST";
            case HWTEST -> "HWTEST";
            default -> String.format("%02Xh", endpoint);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HciMessage m && endpoint == m.endpoint && messageId == m.messageId
                && Arrays.equals(payload, m.payload) && timestamp.equals(m.timestamp) && rssiRaw.equals(m.rssiRaw)
                && withCrc == m.withCrc;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * endpoint + messageId) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "HciMessage[" + endpointName(endpoint) + String.format(" id %02Xh ", messageId)
                + HexFormat.of().withUpperCase().formatHex(payload) + timestamp.stream().mapToObj(t -> " ts " + t)
                        .findFirst().orElse("")
                + rssiRaw.stream().mapToObj(r -> " rssi " + r).findFirst().orElse("") + (withCrc ? " crc" : "") + "]";
    }
}

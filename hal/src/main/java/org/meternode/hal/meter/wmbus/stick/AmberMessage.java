package org.meternode.hal.meter.wmbus.stick;

import java.util.Arrays;
import java.util.HexFormat;
import org.meternode.hal.meter.ChecksumException;
import org.meternode.hal.meter.DecodingException;

/**
 * One command-mode message of the Amber AMB8465 (and AMB8665) wM-Bus stick:
 * {@code FFh | command | length | payload | checksum}, the checksum being the XOR of every byte
 * before it, FFh included. The stick answers a request with the request's command plus 80h;
 * received radio frames arrive as {@link #DATA_IND}, whose length field is the frame's L-field plus
 * one when the RSSI byte is attached (it is counted, and sits last), and whose payload starts at
 * the C-field (jmbus 3.3.0 and wmbusmeters read it that way).
 *
 * @param command the command byte, e.g. {@link #SET_MODE_REQ} or {@code SET_MODE_REQ | 80h}
 * @param payload the bytes the length field counts
 */
public record AmberMessage(int command, byte[] payload) {
    public static final int START = 0xFF;
    public static final int DATA_REQ = 0x00;
    public static final int DATA_IND = 0x03;
    public static final int SET_MODE_REQ = 0x04;
    public static final int RESET_REQ = 0x05;
    public static final int SET_REQ = 0x09;
    public static final int GET_REQ = 0x0A;
    /** The answer to a request: its command with this bit set. */
    public static final int CONFIRM = 0x80;
    /** Requests of the AMB8465 manual (v2.7, as listed by wmbusmeters), whose confirmations we accept on the line. */
    private static final int[] REQUESTS = {0x00, 0x02, 0x04, 0x05, 0x06, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x10, 0x11,
        0x30, 0x31, 0x50, 0x51, 0x52};
    private static final int HEADER = 3;

    public AmberMessage {
        if (command < 0 || command > 0xFF) {
            throw new IllegalArgumentException("command " + command + " is outside 0..255");
        }
        payload = payload.clone();
        if (payload.length > 0xFF) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes exceeds 255");
        }
    }

    public static AmberMessage of(int command, byte... payload) {
        return new AmberMessage(command, payload);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** Whether the stick may send {@code command}: DATA_IND or the confirmation of a known request. */
    static boolean known(int command) {
        if (command == DATA_IND) {
            return true;
        }
        return (command & CONFIRM) != 0 && Arrays.stream(REQUESTS).anyMatch(r -> r == (command & ~CONFIRM));
    }

    /** The total length on the line for the header at the start of {@code head}, or 0 if fewer than 3 bytes. */
    static int frameLength(byte[] head, int available) throws DecodingException {
        if (available < HEADER) {
            return 0;
        }
        if ((head[0] & 0xFF) != START) {
            throw new DecodingException(String.format("Amber message starts with %02Xh, not FFh", head[0] & 0xFF), 0);
        }
        int command = head[1] & 0xFF;
        if (!known(command)) {
            throw new UnknownMessageException(String.format("Amber command %02Xh unknown", command), 1);
        }
        return HEADER + (head[2] & 0xFF) + 1;
    }

    /**
     * Decodes one whole message: start byte, known command, length, checksum.
     *
     * @throws ChecksumException if the XOR checksum does not match
     */
    public static AmberMessage decode(byte[] message) throws DecodingException {
        if (message.length < HEADER + 1) {
            throw new DecodingException("Amber message of " + message.length + " bytes is shorter than 4", message.length);
        }
        int expected = frameLength(message, message.length);
        if (message.length != expected) {
            throw new DecodingException("Amber message of " + message.length + " bytes, its length field says "
                    + expected, Math.min(expected, message.length));
        }
        int last = message.length - 1;
        int computed = checksum(message, last);
        int stored = message[last] & 0xFF;
        if (stored != computed) {
            throw new ChecksumException(String.format("Amber checksum %02Xh, computed %02Xh", stored, computed), last);
        }
        return new AmberMessage(message[1] & 0xFF, Arrays.copyOfRange(message, HEADER, last));
    }

    /** The bytes on the line, checksum appended. */
    public byte[] encode() {
        byte[] out = new byte[HEADER + payload.length + 1];
        out[0] = (byte) START;
        out[1] = (byte) command;
        out[2] = (byte) payload.length;
        System.arraycopy(payload, 0, out, HEADER, payload.length);
        out[out.length - 1] = (byte) checksum(out, out.length - 1);
        return out;
    }

    private static int checksum(byte[] bytes, int length) {
        int x = 0;
        for (int i = 0; i < length; i++) {
            x ^= bytes[i] & 0xFF;
        }
        return x;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AmberMessage m && command == m.command && Arrays.equals(payload, m.payload);
    }

    @Override
    public int hashCode() {
        return 31 * command + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return String.format("AmberMessage[%02Xh ", command) + HexFormat.of().withUpperCase().formatHex(payload) + "]";
    }
}

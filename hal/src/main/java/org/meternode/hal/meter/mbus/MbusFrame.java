package org.meternode.hal.meter.mbus;

import java.util.Arrays;
import java.util.HexFormat;
import org.meternode.hal.meter.ChecksumException;
import org.meternode.hal.meter.DecodingException;

/**
 * A wired M-Bus link layer frame (EN 13757-2, IEC 60870-5-2 format FT 1.2): the single character
 * E5h, the short frame 10h C A CS 16h, or the control/long frame 68h L L 68h C A CI data CS 16h.
 * {@link #decode} checks start and stop bytes, both length fields, the checksum (jmbus does not, on
 * receive) and that the input is exactly one frame; an RSP_UD with variable data decodes its records.
 */
public sealed interface MbusFrame {
    int SINGLE_CHARACTER = 0xE5;
    int SHORT_START = 0x10;
    int LONG_START = 0x68;
    int STOP = 0x16;

    /** C field 40h: SND_NKE, link reset. */
    int C_SND_NKE = 0x40;
    /** C field 5Bh / 7Bh: REQ_UD2 with FCB clear / set (FCV set). */
    int C_REQ_UD2 = 0x5B;
    /** C field 53h / 73h: SND_UD with FCB clear / set (FCV set). */
    int C_SND_UD = 0x53;
    /** Bit 5 of C: frame count bit. */
    int FCB = 0x20;
    /** Primary address FDh: the meter selected by secondary address. */
    int SECONDARY_ADDRESS = 0xFD;
    /** CI 52h: selection of a slave by secondary address. */
    int CI_SELECT = 0x52;

    /** The frame as sent on the line. */
    byte[] encode();

    /** E5h: acknowledgement (single character). */
    record Ack() implements MbusFrame {
        @Override
        public byte[] encode() {
            return new byte[] {(byte) SINGLE_CHARACTER};
        }
    }

    /** Short frame: SND_NKE, REQ_UD2, REQ_UD1 from master to slave. */
    record ShortFrame(int control, int address) implements MbusFrame {
        @Override
        public byte[] encode() {
            return new byte[] {SHORT_START, (byte) control, (byte) address, (byte) (control + address), STOP};
        }
    }

    /** Control frame: a long frame without data (L = 3). */
    record ControlFrame(int control, int address, int ci) implements MbusFrame {
        @Override
        public byte[] encode() {
            return encodeLong(control, address, ci, new byte[0]);
        }
    }

    /** Long frame other than a variable data response, e.g. SND_UD selection; {@code data} follows the CI field. */
    record LongFrame(int control, int address, int ci, byte[] data) implements MbusFrame {
        public LongFrame {
            if (data.length > 252) {
                throw new IllegalArgumentException("long frame data of " + data.length + " bytes exceeds 252");
            }
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public byte[] encode() {
            return encodeLong(control, address, ci, data);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof LongFrame f && control == f.control && address == f.address && ci == f.ci
                    && Arrays.equals(data, f.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data) * 31 + control * 7 + address * 3 + ci;
        }

        @Override
        public String toString() {
            return String.format("LongFrame[C=%02X, A=%d, CI=%02X, data=%s]", control, address, ci,
                    HexFormat.of().formatHex(data));
        }
    }

    /** RSP_UD carrying variable data (CI 72h, 78h, 7Ah), records decoded. */
    record RspUd(int control, int address, MbusVariableData data) implements MbusFrame {
        @Override
        public byte[] encode() {
            throw new UnsupportedOperationException("a meter node does not send RSP_UD");
        }
    }

    /** SND_NKE to a primary address (0..250, 253, 255): resets the link and the FCB. */
    static ShortFrame sndNke(int address) {
        return new ShortFrame(C_SND_NKE, checkAddress(address));
    }

    /** REQ_UD2 to a primary address; toggle {@code fcb} for each next telegram of a multi-telegram readout. */
    static ShortFrame reqUd2(int address, boolean fcb) {
        return new ShortFrame(C_REQ_UD2 | (fcb ? FCB : 0), checkAddress(address));
    }

    /** SND_UD with CI 52h: selects the meter with this secondary address; it then answers on address FDh. */
    static LongFrame selectSecondary(MbusSecondaryAddress secondary) {
        return new LongFrame(C_SND_UD, SECONDARY_ADDRESS, CI_SELECT, secondary.encode());
    }

    /**
     * SND_UD with CI 52h selecting by identification number alone: manufacturer, version and medium
     * are wildcards (FFFF, FF, FF; EN 13757-3 secondary addressing).
     */
    static LongFrame selectSecondary(String identification) {
        byte[] bytes = new MbusSecondaryAddress(identification, "AAA", 0, 0).encode();
        for (int i = 4; i < 8; i++) {
            bytes[i] = (byte) 0xFF;
        }
        return new LongFrame(C_SND_UD, SECONDARY_ADDRESS, CI_SELECT, bytes);
    }

    /** Decodes exactly one frame. */
    static MbusFrame decode(byte[] frame) throws DecodingException {
        if (frame.length == 0) {
            throw new DecodingException("empty frame", 0);
        }
        int start = frame[0] & 0xFF;
        return switch (start) {
            case SINGLE_CHARACTER -> {
                expectLength(frame, 1, "single character E5h");
                yield new Ack();
            }
            case SHORT_START -> decodeShort(frame);
            case LONG_START -> decodeLong(frame);
            default -> throw new DecodingException(String.format("start byte %02Xh is not E5h, 10h or 68h", start), 0);
        };
    }

    private static MbusFrame decodeShort(byte[] f) throws DecodingException {
        expectLength(f, 5, "short frame");
        expectStop(f);
        int checksum = ((f[1] & 0xFF) + (f[2] & 0xFF)) & 0xFF;
        if (checksum != (f[3] & 0xFF)) {
            throw new ChecksumException(String.format("checksum %02Xh does not match computed %02Xh", f[3] & 0xFF,
                    checksum), 3);
        }
        return new ShortFrame(f[1] & 0xFF, f[2] & 0xFF);
    }

    private static MbusFrame decodeLong(byte[] f) throws DecodingException {
        if (f.length < 4) {
            throw new DecodingException("long frame header truncated after " + f.length + " bytes", f.length);
        }
        int length = f[1] & 0xFF;
        if (length != (f[2] & 0xFF)) {
            throw new DecodingException(String.format("length fields differ: %02Xh and %02Xh", length, f[2] & 0xFF), 2);
        }
        if ((f[3] & 0xFF) != LONG_START) {
            throw new DecodingException(String.format("second start byte is %02Xh, not 68h", f[3] & 0xFF), 3);
        }
        if (length < 3) {
            throw new DecodingException("length field " + length + " is below 3 (C, A, CI)", 1);
        }
        expectLength(f, length + 6, "long frame with L=" + length);
        expectStop(f);
        int checksumOffset = 4 + length;
        int checksum = 0;
        for (int i = 4; i < checksumOffset; i++) {
            checksum += f[i] & 0xFF;
        }
        checksum &= 0xFF;
        if (checksum != (f[checksumOffset] & 0xFF)) {
            throw new ChecksumException(String.format("checksum %02Xh does not match computed %02Xh",
                    f[checksumOffset] & 0xFF, checksum), checksumOffset);
        }
        int control = f[4] & 0xFF;
        int address = f[5] & 0xFF;
        int ci = f[6] & 0xFF;
        if (length == 3) {
            return new ControlFrame(control, address, ci);
        }
        boolean rspUd = (control & 0xCF) == 0x08; // C 08h: RSP_UD, ACD and DFC bits (4, 5) may be set
        if (rspUd && MbusVariableData.isVariableDataCi(ci)) {
            return new RspUd(control, address, MbusVariableData.decode(f, 6, checksumOffset));
        }
        return new LongFrame(control, address, ci, Arrays.copyOfRange(f, 7, checksumOffset));
    }

    private static void expectLength(byte[] f, int expected, String what) throws DecodingException {
        if (f.length < expected) {
            throw new DecodingException(what + " truncated: " + f.length + " of " + expected + " bytes", f.length);
        }
        if (f.length > expected) {
            throw new DecodingException(f.length - expected + " bytes after the end of the " + what, expected);
        }
    }

    private static void expectStop(byte[] f) throws DecodingException {
        int stop = f[f.length - 1] & 0xFF;
        if (stop != STOP) {
            throw new DecodingException(String.format("stop byte is %02Xh, not 16h", stop), f.length - 1);
        }
    }

    static byte[] encodeLong(int control, int address, int ci, byte[] data) {
        int length = 3 + data.length;
        byte[] frame = new byte[length + 6];
        frame[0] = LONG_START;
        frame[1] = (byte) length;
        frame[2] = (byte) length;
        frame[3] = LONG_START;
        frame[4] = (byte) control;
        frame[5] = (byte) address;
        frame[6] = (byte) ci;
        System.arraycopy(data, 0, frame, 7, data.length);
        int checksum = 0;
        for (int i = 4; i < 4 + length; i++) {
            checksum += frame[i];
        }
        frame[4 + length] = (byte) checksum;
        frame[5 + length] = STOP;
        return frame;
    }

    private static int checkAddress(int address) {
        if (address < 0 || address > 255) {
            throw new IllegalArgumentException("M-Bus address " + address + " is not 0..255");
        }
        return address;
    }
}

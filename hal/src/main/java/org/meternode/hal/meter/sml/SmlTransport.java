package org.meternode.hal.meter.sml;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.meternode.hal.meter.ChecksumException;
import org.meternode.hal.meter.Crc16;
import org.meternode.hal.meter.DecodingException;

/**
 * SML transport protocol version 1 (SML 1.04 clause 8): a file starts with the escape sequence
 * 1B1B1B1B and 01010101, ends with 1B1B1B1B 1A, the number of fill bytes and a CRC-16/X-25 (low
 * byte first) over everything before it. The data is padded to whole 4-byte blocks; a data block
 * equal to the escape sequence is sent twice.
 */
final class SmlTransport {
    private static final int ESCAPE = 0x1B1B1B1B;
    private static final int VERSION_1 = 0x01010101;

    private SmlTransport() {
    }

    /** The messages of a file, and where each escaped escape sequence was taken out (to map offsets back). */
    record Unwrapped(byte[] payload, List<Integer> escapesAt) {
        /** Offset in the file of a byte of the payload. */
        int fileOffset(int payloadOffset) {
            int file = 8 + payloadOffset;
            for (int escapedPayloadOffset : escapesAt) {
                if (escapedPayloadOffset <= payloadOffset) {
                    file += 4;
                }
            }
            return file;
        }
    }

    /** The SML messages inside one transport file, escapes undone and fill bytes removed. */
    static Unwrapped unwrap(byte[] file) throws DecodingException {
        if (file.length < 16) {
            throw new DecodingException("SML file of " + file.length + " bytes is shorter than start and end sequences", file.length);
        }
        if (block(file, 0) != ESCAPE || block(file, 4) != VERSION_1) {
            throw new DecodingException("SML file does not start with 1B1B1B1B 01010101", 0);
        }
        if (file.length % 4 != 0) {
            throw new DecodingException("SML file of " + file.length + " bytes is not made of 4-byte blocks", file.length);
        }
        ByteArrayOutputStream payload = new ByteArrayOutputStream(file.length);
        List<Integer> escapes = new ArrayList<>();
        int i = 8;
        while (i + 4 <= file.length) {
            int block = block(file, i);
            if (block != ESCAPE) {
                payload.write(file, i, 4);
                i += 4;
                continue;
            }
            if (i + 8 > file.length) {
                throw new DecodingException("escape sequence at the end of the data", i);
            }
            int next = block(file, i + 4);
            if (next == ESCAPE) {
                escapes.add(payload.size());
                payload.write(file, i, 4); // escaped escape sequence: four 1Bh bytes of data
                i += 8;
            } else if ((file[i + 4] & 0xFF) == 0x1A) {
                return new Unwrapped(end(file, i, payload.toByteArray()), escapes);
            } else if (next == VERSION_1) {
                throw new DecodingException("a new SML file starts before this one ended", i);
            } else {
                throw new DecodingException(String.format("unknown escape sequence 1B1B1B1B %08X", next), i + 4);
            }
        }
        throw new DecodingException("SML file has no end sequence 1B1B1B1B 1A: truncated", file.length);
    }

    private static byte[] end(byte[] file, int escape, byte[] payload) throws DecodingException {
        int endOfFile = escape + 8;
        if (endOfFile != file.length) {
            throw new DecodingException((file.length - endOfFile) + " bytes after the SML end sequence", endOfFile);
        }
        int fill = file[escape + 5] & 0xFF;
        if (fill > 3 || fill > payload.length) {
            throw new DecodingException("fill byte count " + fill + " is not 0 to 3", escape + 5);
        }
        int said = (file[escape + 6] & 0xFF) | (file[escape + 7] & 0xFF) << 8;
        int computed = Crc16.x25(file, 0, escape + 6);
        if (said != computed) {
            throw new ChecksumException(String.format("CRC mismatch: file says %04X, bytes give %04X", said, computed),
                    escape + 6);
        }
        for (int i = payload.length - fill; i < payload.length; i++) {
            if (payload[i] != 0) {
                throw new DecodingException("fill byte is not 00h", escape - (payload.length - i));
            }
        }
        return Arrays.copyOf(payload, payload.length - fill);
    }

    private static int block(byte[] b, int i) {
        return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
    }
}

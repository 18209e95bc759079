package org.meternode.hal.meter.wmbus;

import java.io.ByteArrayOutputStream;
import org.meternode.hal.meter.ChecksumException;
import org.meternode.hal.meter.Crc16;
import org.meternode.hal.meter.DecodingException;

/**
 * The EN 13757-4 link-layer frame formats: checks the L-field against the frame's length and the block
 * CRCs, and returns the frame without CRCs (L then counts the bytes after it, as in format A).
 */
final class LinkLayer {
    static final int FIRST_BLOCK = 10; // L, C, M, A
    static final int BLOCK_A = 16; // format A: data blocks of 16 bytes after the first
    static final int FIRST_CRC_B = 126; // format B: the first CRC follows the first 126 bytes
    private static final int MIN_STRIPPED = FIRST_BLOCK + 1; // link header and a CI field

    private LinkLayer() {
    }

    /** Frame length with format A CRCs for an L-field of {@code l} (at least 10). */
    static int lengthA(int l) {
        int rest = l + 1 - FIRST_BLOCK;
        return l + 1 + 2 + 2 * ((rest + BLOCK_A - 1) / BLOCK_A);
    }

    static byte[] strip(byte[] frame, LinkCrc crc) throws DecodingException {
        if (frame.length == 0) {
            throw new DecodingException("the frame is empty", 0);
        }
        int l = frame[0] & 0xFF;
        if (l < FIRST_BLOCK) {
            throw new DecodingException("L-field " + l + " is shorter than the link header and CI field (10 bytes)", 0);
        }
        return switch (crc) {
            case NONE -> stripped(frame, l);
            case FORMAT_A -> formatA(frame, l);
            case FORMAT_B -> formatB(frame, l);
            case DETECT -> detect(frame, l);
        };
    }

    private static byte[] detect(byte[] frame, int l) throws DecodingException {
        if (frame.length == l + 1) {
            if (frame.length >= MIN_STRIPPED + 2 && formatBMatches(frame)) {
                return formatB(frame, l);
            }
            return stripped(frame, l);
        }
        if (frame.length == lengthA(l)) {
            return formatA(frame, l);
        }
        if (frame.length < l + 1) {
            throw new DecodingException("L-field says " + l + " bytes, the frame has " + (frame.length - 1), 0);
        }
        if (frame.length > lengthA(l)) {
            throw new DecodingException("the frame has " + frame.length + " bytes, L-field " + l + " makes "
                    + lengthA(l) + " even with format A CRCs: the rest is not part of it", lengthA(l));
        }
        throw new DecodingException("the frame has " + frame.length + " bytes: L-field " + l + " needs " + (l + 1)
                + " without CRCs or " + lengthA(l) + " with format A CRCs", 0);
    }

    private static byte[] stripped(byte[] frame, int l) throws DecodingException {
        checkLength(frame, l + 1, l, "");
        return frame.clone();
    }

    private static byte[] formatA(byte[] frame, int l) throws DecodingException {
        int total = lengthA(l);
        checkLength(frame, total, l, " and format A CRCs");
        ByteArrayOutputStream out = new ByteArrayOutputStream(l + 1);
        checkBlock(frame, 0, FIRST_BLOCK, 1);
        out.write(frame, 0, FIRST_BLOCK);
        int block = 2;
        for (int i = FIRST_BLOCK + 2; i < total; block++) {
            int length = Math.min(BLOCK_A, total - i - 2);
            checkBlock(frame, i, length, block);
            out.write(frame, i, length);
            i += length + 2;
        }
        return out.toByteArray();
    }

    private static byte[] formatB(byte[] frame, int l) throws DecodingException {
        int total = l + 1;
        checkLength(frame, total, l, " (format B: L counts the CRCs)");
        if (total < MIN_STRIPPED + 2 || (total > FIRST_CRC_B + 2 && total < FIRST_CRC_B + 5)) {
            throw new DecodingException("L-field " + l + " leaves no data for a format B block", 0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(total);
        if (total <= FIRST_CRC_B + 2) {
            checkBlock(frame, 0, total - 2, 1);
            out.write(frame, 0, total - 2);
        } else {
            checkBlock(frame, 0, FIRST_CRC_B, 1);
            checkBlock(frame, FIRST_CRC_B + 2, total - FIRST_CRC_B - 4, 2);
            out.write(frame, 0, FIRST_CRC_B);
            out.write(frame, FIRST_CRC_B + 2, total - FIRST_CRC_B - 4);
        }
        byte[] stripped = out.toByteArray();
        stripped[0] = (byte) (stripped.length - 1);
        return stripped;
    }

    private static boolean formatBMatches(byte[] frame) {
        int total = frame.length;
        if (total <= FIRST_CRC_B + 2) {
            return crcMatches(frame, 0, total - 2);
        }
        return total >= FIRST_CRC_B + 5 && crcMatches(frame, 0, FIRST_CRC_B)
                && crcMatches(frame, FIRST_CRC_B + 2, total - FIRST_CRC_B - 4);
    }

    private static void checkLength(byte[] frame, int total, int l, String how) throws DecodingException {
        if (frame.length < total) {
            throw new DecodingException("L-field says " + l + " bytes" + how + ", " + total + " in all, the frame has "
                    + frame.length, 0);
        }
        if (frame.length > total) {
            throw new DecodingException("the frame has " + frame.length + " bytes, L-field " + l + how + " makes "
                    + total + ": the rest is not part of it", total);
        }
    }

    /** The CRC (most significant byte first) follows the block {@code frame[start, start + length)}. */
    private static void checkBlock(byte[] frame, int start, int length, int block) throws ChecksumException {
        int at = start + length;
        int expected = Crc16.en13757(frame, start, length);
        int actual = (frame[at] & 0xFF) << 8 | (frame[at + 1] & 0xFF);
        if (expected != actual) {
            throw new ChecksumException(String.format("CRC of block %d (bytes %d..%d) is %04Xh, expected %04Xh", block,
                    start, at - 1, actual, expected), at);
        }
    }

    private static boolean crcMatches(byte[] frame, int start, int length) {
        int at = start + length;
        return Crc16.en13757(frame, start, length) == ((frame[at] & 0xFF) << 8 | (frame[at + 1] & 0xFF));
    }

    /** Inserts format A CRCs into a CRC-free frame (L unchanged). */
    static byte[] withCrcsA(byte[] p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        appendWithCrc(out, p, 0, FIRST_BLOCK);
        for (int i = FIRST_BLOCK; i < p.length; i += BLOCK_A) {
            appendWithCrc(out, p, i, Math.min(BLOCK_A, p.length - i));
        }
        return out.toByteArray();
    }

    /** Inserts format B CRCs into a CRC-free frame and sets L to count them. */
    static byte[] withCrcsB(byte[] p) {
        byte[] q = p.clone();
        boolean two = p.length > FIRST_CRC_B;
        int total = p.length + (two ? 4 : 2);
        if (total > 256) {
            throw new IllegalArgumentException("a format B frame of " + total + " bytes does not fit an L-field");
        }
        q[0] = (byte) (total - 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (two) {
            appendWithCrc(out, q, 0, FIRST_CRC_B);
            appendWithCrc(out, q, FIRST_CRC_B, q.length - FIRST_CRC_B);
        } else {
            appendWithCrc(out, q, 0, q.length);
        }
        return out.toByteArray();
    }

    private static void appendWithCrc(ByteArrayOutputStream out, byte[] b, int start, int length) {
        out.write(b, start, length);
        int crc = Crc16.en13757(b, start, length);
        out.write(crc >> 8);
        out.write(crc);
    }
}

package org.meternode.hal.meter.sml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a stream from an SML meter's optical interface into transport files (1B1B1B1B 01010101 ..
 * 1B1B1B1B 1A xx CRC CRC) without decoding them; skips noise before a start sequence, starts over
 * when a new file begins inside one, and drops files beyond the size bound. Pure: no I/O, no clock.
 */
public final class SmlFramer {
    /** Far above a real push (an eHZ file is 300 to 600 bytes). */
    public static final int DEFAULT_MAX_FILE_BYTES = 16 * 1024;
    private static final byte[] START = {0x1B, 0x1B, 0x1B, 0x1B, 0x01, 0x01, 0x01, 0x01};

    private final byte[] buffer;
    private final byte[] window = new byte[8];
    private int windowFill;
    private int length;
    private boolean inFile;
    private boolean afterEscape;
    private long garbageBytes;
    private long restarts;
    private long oversize;
    private long discardedBytes;

    public SmlFramer() {
        this(DEFAULT_MAX_FILE_BYTES);
    }

    public SmlFramer(int maxFileBytes) {
        if (maxFileBytes < 16 || maxFileBytes % 4 != 0) {
            throw new IllegalArgumentException("maxFileBytes " + maxFileBytes + " is not a multiple of 4 from 16");
        }
        this.buffer = new byte[maxFileBytes];
    }

    /** Feeds received bytes; returns the files they completed, oldest first. */
    public List<byte[]> feed(byte[] data, int offset, int count) {
        List<byte[]> files = new ArrayList<>(1);
        for (int i = offset; i < offset + count; i++) {
            if (inFile) {
                append(data[i], files);
            } else {
                hunt(data[i]);
            }
        }
        return files;
    }

    /** Bytes skipped while looking for a start sequence. */
    public long garbageBytes() {
        return garbageBytes + (inFile ? 0 : windowFill);
    }

    /** Files abandoned because a new start sequence came before the end. */
    public long restarts() {
        return restarts;
    }

    /** Files abandoned for growing past the size bound. */
    public long oversize() {
        return oversize;
    }

    /** Bytes of abandoned files. */
    public long discardedBytes() {
        return discardedBytes;
    }

    private void hunt(byte b) {
        if (windowFill == window.length) {
            garbageBytes++;
            System.arraycopy(window, 1, window, 0, window.length - 1);
            windowFill--;
        }
        window[windowFill++] = b;
        if (windowFill == window.length && Arrays.equals(window, START)) {
            startFile();
        }
    }

    private void startFile() {
        System.arraycopy(START, 0, buffer, 0, START.length);
        length = START.length;
        inFile = true;
        afterEscape = false;
        windowFill = 0;
    }

    private void append(byte b, List<byte[]> files) {
        if (length == buffer.length) {
            oversize++;
            discardedBytes += length;
            inFile = false;
            hunt(b);
            return;
        }
        buffer[length++] = b;
        if (length % 4 != 0) {
            return;
        }
        boolean escapeBlock = block(length - 4) == 0x1B1B1B1B;
        if (!afterEscape) {
            afterEscape = escapeBlock;
            return;
        }
        afterEscape = false;
        if (escapeBlock) {
            return; // escaped escape sequence: data
        }
        if (block(length - 4) == 0x01010101) {
            restarts++;
            discardedBytes += length - 8;
            startFile();
            return;
        }
        files.add(Arrays.copyOf(buffer, length)); // end sequence 1A xx CRC CRC, or damage the decoder will name
        inFile = false;
    }

    private int block(int i) {
        return (buffer[i] & 0xFF) << 24 | (buffer[i + 1] & 0xFF) << 16 | (buffer[i + 2] & 0xFF) << 8
                | (buffer[i + 3] & 0xFF);
    }
}

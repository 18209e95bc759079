package org.meternode.hal.meter.dsmr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a P1 byte stream into telegrams without decoding them: everything from '/' through '!', the
 * CRC and CR LF. Skips bytes before '/', starts over on a '/' before '!', and drops a telegram that
 * outgrows the size bound; each of these is counted in {@link DsmrStats}. Pure: no I/O, no clock.
 */
public final class DsmrFramer {
    /** Far above the largest real telegram (a 3-phase DSMR 5 meter with 4 M-Bus channels is ~1.5 KiB). */
    public static final int DEFAULT_MAX_TELEGRAM_BYTES = 8 * 1024;
    /** After '!': at most 4 CRC digits and CR LF. */
    private static final int MAX_TAIL_BYTES = 6;

    private enum State { HUNT, BODY, TAIL }

    private final DsmrStats stats;
    private final byte[] buffer;
    private int length;
    private int tailLength;
    private State state = State.HUNT;

    public DsmrFramer(DsmrStats stats) {
        this(stats, DEFAULT_MAX_TELEGRAM_BYTES);
    }

    public DsmrFramer(DsmrStats stats, int maxTelegramBytes) {
        if (maxTelegramBytes < 16) {
            throw new IllegalArgumentException("maxTelegramBytes " + maxTelegramBytes + " is below 16");
        }
        this.stats = stats;
        this.buffer = new byte[maxTelegramBytes];
    }

    /** Feeds received bytes; returns the telegrams they completed, oldest first. */
    public List<byte[]> feed(byte[] data, int offset, int count) {
        List<byte[]> complete = new ArrayList<>(1);
        int garbage = 0;
        for (int i = offset; i < offset + count; i++) {
            byte b = data[i];
            switch (state) {
                case HUNT -> {
                    if (b == '/') {
                        start();
                    } else {
                        garbage++;
                    }
                }
                case BODY -> {
                    if (b == '/') {
                        stats.restart(length);
                        start();
                    } else if (append(b) && b == '!') {
                        state = State.TAIL;
                        tailLength = 0;
                    }
                }
                case TAIL -> {
                    if (b == '/') {
                        complete.add(take());
                        start();
                    } else if (append(b)) {
                        tailLength++;
                        if (b == '\n' || tailLength >= MAX_TAIL_BYTES) {
                            complete.add(take());
                        }
                    }
                }
            }
        }
        if (garbage > 0) {
            stats.garbage(garbage);
        }
        return complete;
    }

    /** True while part of a telegram has been received. */
    public boolean inTelegram() {
        return state != State.HUNT;
    }

    /** Bytes of the telegram received so far. */
    public int partialLength() {
        return length;
    }

    /** Drops a partly received telegram (the meter went silent), counting it as a timeout. */
    public void abandonPartial() {
        if (state != State.HUNT) {
            stats.timeout(length);
            length = 0;
            state = State.HUNT;
        }
    }

    private void start() {
        length = 0;
        buffer[length++] = '/';
        state = State.BODY;
    }

    /** Appends one byte; on overflow drops the telegram, counts it and returns false. */
    private boolean append(byte b) {
        if (length == buffer.length) {
            stats.oversize(length + 1);
            length = 0;
            state = State.HUNT;
            return false;
        }
        buffer[length++] = b;
        return true;
    }

    private byte[] take() {
        byte[] telegram = Arrays.copyOf(buffer, length);
        length = 0;
        state = State.HUNT;
        return telegram;
    }
}

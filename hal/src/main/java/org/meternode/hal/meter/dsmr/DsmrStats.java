package org.meternode.hal.meter.dsmr;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a P1 port delivered, counted: good telegrams and every kind of rejection, so a flaky cable or
 * a wrong baud rate shows up as numbers rather than silence. Safe to read from any thread.
 */
public final class DsmrStats {
    private final AtomicLong telegrams = new AtomicLong();
    private final AtomicLong garbageBytes = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong oversize = new AtomicLong();
    private final AtomicLong discardedBytes = new AtomicLong();
    private final AtomicLong badCrc = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicReference<String> lastRejection = new AtomicReference<>();

    /** Telegrams decoded and handed out. */
    public long telegrams() {
        return telegrams.get();
    }

    /** Bytes outside any telegram (before a '/'): line noise, or a meter read at the wrong speed. */
    public long garbageBytes() {
        return garbageBytes.get();
    }

    /** Telegrams abandoned because a new '/' came before '!'. */
    public long restarts() {
        return restarts.get();
    }

    /** Telegrams abandoned because they grew past the size bound without a '!'. */
    public long oversize() {
        return oversize.get();
    }

    /** Bytes of abandoned telegrams (restarts, oversize, timeouts mid-telegram). */
    public long discardedBytes() {
        return discardedBytes.get();
    }

    /** Complete telegrams dropped because their CRC did not match. */
    public long badCrc() {
        return badCrc.get();
    }

    /** Complete telegrams dropped because they did not decode for another reason. */
    public long malformed() {
        return malformed.get();
    }

    /** Reads that ran out of time with part of a telegram received: the meter stopped mid-telegram. */
    public long timeouts() {
        return timeouts.get();
    }

    /** All rejections: restarts, oversize, bad CRC, malformed and timeouts (garbage bytes are counted apart). */
    public long rejections() {
        return restarts() + oversize() + badCrc() + malformed() + timeouts();
    }

    /** Why the most recent telegram was rejected, for diagnostics. */
    public Optional<String> lastRejection() {
        return Optional.ofNullable(lastRejection.get());
    }

    void telegram() {
        telegrams.incrementAndGet();
    }

    void garbage(int bytes) {
        garbageBytes.addAndGet(bytes);
    }

    void restart(int abandonedBytes) {
        restarts.incrementAndGet();
        discardedBytes.addAndGet(abandonedBytes);
        lastRejection.set("telegram restarted by a new '/' after " + abandonedBytes + " bytes");
    }

    void oversize(int abandonedBytes) {
        oversize.incrementAndGet();
        discardedBytes.addAndGet(abandonedBytes);
        lastRejection.set("telegram longer than " + abandonedBytes + " bytes without '!'");
    }

    void badCrc(String reason) {
        badCrc.incrementAndGet();
        lastRejection.set(reason);
    }

    void malformed(String reason) {
        malformed.incrementAndGet();
        lastRejection.set(reason);
    }

    void timeout(int abandonedBytes) {
        timeouts.incrementAndGet();
        discardedBytes.addAndGet(abandonedBytes);
        lastRejection.set("meter stopped after " + abandonedBytes + " bytes of a telegram");
    }

    @Override
    public String toString() {
        return "DsmrStats[telegrams=" + telegrams() + ", garbageBytes=" + garbageBytes() + ", restarts=" + restarts()
                + ", oversize=" + oversize() + ", discardedBytes=" + discardedBytes() + ", badCrc=" + badCrc()
                + ", malformed=" + malformed() + ", timeouts=" + timeouts() + "]";
    }
}

package org.meternode.hal.meter.wmbus.stick;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a wM-Bus stick delivered, counted: radio frames handed out and every kind of dropped stick
 * message, so a wrong baud rate or a flaky USB cable shows up as numbers. Safe to read from any thread.
 */
public final class WmbusStickStats {
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong garbageBytes = new AtomicLong();
    private final AtomicLong badChecksum = new AtomicLong();
    private final AtomicLong truncated = new AtomicLong();
    private final AtomicLong unknownMessages = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicReference<String> lastRejection = new AtomicReference<>();

    /** Radio frames handed out by {@code receive}. */
    public long frames() {
        return frames.get();
    }

    /** Bytes skipped while looking for the start of a stick message (noise, or the start byte of a dropped message). */
    public long garbageBytes() {
        return garbageBytes.get();
    }

    /** Stick messages dropped because their HCI CRC or Amber checksum did not match. */
    public long badChecksum() {
        return badChecksum.get();
    }

    /** Stick messages dropped because the stick went silent before their last byte. */
    public long truncated() {
        return truncated.get();
    }

    /** Stick messages dropped because their endpoint, message id or command is not one we expect here. */
    public long unknownMessages() {
        return unknownMessages.get();
    }

    /** Stick messages dropped for another structural reason (reserved bits, a length that cannot be). */
    public long malformed() {
        return malformed.get();
    }

    /** All dropped messages (garbage bytes are counted apart). */
    public long dropped() {
        return badChecksum() + truncated() + unknownMessages() + malformed();
    }

    /** Why the most recent message was dropped, e.g. {@code stick frame dropped: HCI CRC 1234h, computed 5678h at byte offset 30}. */
    public Optional<String> lastRejection() {
        return Optional.ofNullable(lastRejection.get());
    }

    void frame() {
        frames.incrementAndGet();
    }

    void garbage(int bytes) {
        garbageBytes.addAndGet(bytes);
    }

    void badChecksum(String reason) {
        badChecksum.incrementAndGet();
        reject(reason);
    }

    void truncated(String reason) {
        truncated.incrementAndGet();
        reject(reason);
    }

    void unknownMessage(String reason) {
        unknownMessages.incrementAndGet();
        reject(reason);
    }

    void malformed(String reason) {
        malformed.incrementAndGet();
        reject(reason);
    }

    private void reject(String reason) {
        lastRejection.set("stick frame dropped: " + reason);
    }

    @Override
    public String toString() {
        return "WmbusStickStats[frames=" + frames() + ", garbageBytes=" + garbageBytes() + ", badChecksum="
                + badChecksum() + ", truncated=" + truncated() + ", unknownMessages=" + unknownMessages()
                + ", malformed=" + malformed() + "]";
    }
}

package org.meternode.board.linux;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts presses of one key code, debounced on the kernel's event timestamps: a press less than
 * {@code debounce} after the previous counted press is a bounce. Releases, autorepeats, other codes
 * and synchronisation events are ignored. One thread feeds it; any thread may read the total.
 */
final class KeyPressCounter {
    private final int code;
    private final long debounceMicros;
    private final AtomicLong total = new AtomicLong();
    private long lastCountedMicros;
    private boolean counted;
    private long bounces;

    KeyPressCounter(int code, Duration debounce) {
        this.code = code;
        this.debounceMicros = debounce.toNanos() / 1_000;
    }

    /** Returns true when {@code event} was counted as a pulse. */
    boolean accept(InputEvent event) {
        if (event.type() != InputEvent.EV_KEY || event.code() != code || event.value() != InputEvent.KEY_PRESS) {
            return false;
        }
        if (counted && event.micros() - lastCountedMicros < debounceMicros) {
            bounces++;
            return false;
        }
        counted = true;
        lastCountedMicros = event.micros();
        total.incrementAndGet();
        return true;
    }

    long total() {
        return total.get();
    }

    /** Presses rejected as bounces so far; read by the feeding thread only. */
    long bounces() {
        return bounces;
    }
}

package org.meternode.board.linux;

/**
 * Turns successive readings of a {@code bits}-wide hardware count into a total that only grows. A
 * fall of more than half the range is a wrap (fewer pulses than the alternative); a smaller fall is a
 * reset of the count (someone wrote it, the driver was reloaded), after which counting continues
 * from the total reached. Not thread-safe: the owner serialises calls.
 */
final class UnwrappedTotal {
    /** What a reading did to the total. */
    enum Step { FIRST, ROSE, WRAPPED, RESET }

    private final int bits;
    private final long mask;
    private long last = -1;
    private long offset;
    private Step lastStep = Step.FIRST;

    /** @param bits 8..64; 64 means the count never wraps within a process's life */
    UnwrappedTotal(int bits) {
        if (bits < 8 || bits > 64) {
            throw new IllegalArgumentException("counter width must be 8..64 bits, got " + bits);
        }
        this.bits = bits;
        this.mask = bits == 64 ? -1L : (1L << bits) - 1;
    }

    /**
     * The total after reading {@code raw} (the counter's value as printed, a u64 held in a long).
     * Only the low {@code bits} count: interrupt-cnt keeps a 32-bit atomic_t and prints it through a
     * sign-extending cast, so past 2^31 its file shows 2^64 − 2^31; the low 32 bits are right.
     *
     * @throws IllegalStateException for a 64-bit count beyond what a long holds
     */
    long advance(long raw) {
        long value = raw & mask;
        if (value < 0) {
            throw new IllegalStateException("count " + Long.toUnsignedString(raw)
                    + " exceeds 2^63 - 1; set bits to the counter's width (32 for interrupt-cnt)");
        }
        if (last < 0) {
            lastStep = Step.FIRST;
        } else if (value >= last) {
            lastStep = Step.ROSE;
        } else if (bits < 64 && last - value > (1L << (bits - 1))) {
            offset += 1L << bits;
            lastStep = Step.WRAPPED;
        } else {
            offset += last;
            lastStep = Step.RESET;
        }
        last = value;
        return offset + value;
    }

    Step lastStep() {
        return lastStep;
    }
}

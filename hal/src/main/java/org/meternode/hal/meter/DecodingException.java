package org.meternode.hal.meter;

/**
 * Bytes from a meter did not form a valid frame or telegram. The message says what failed and at
 * which byte offset of the decoded input; it is never an I/O failure (that is an {@code IOException}).
 */
public class DecodingException extends Exception {
    private final int offset;

    public DecodingException(String what, int offset) {
        super(what + " at byte offset " + offset);
        this.offset = offset;
    }

    public DecodingException(String what, int offset, Throwable cause) {
        super(what + " at byte offset " + offset, cause);
        this.offset = offset;
    }

    /** Offset into the decoded input where the problem was found. */
    public int offset() {
        return offset;
    }
}

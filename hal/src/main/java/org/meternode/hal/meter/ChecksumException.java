package org.meternode.hal.meter;

/**
 * The frame was complete and well formed up to its checksum or CRC, which did not match: the bytes
 * were damaged on the line. Readers count these apart from other decoding failures.
 */
public class ChecksumException extends DecodingException {
    public ChecksumException(String what, int offset) {
        super(what, offset);
    }
}

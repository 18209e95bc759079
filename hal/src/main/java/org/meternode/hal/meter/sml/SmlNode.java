package org.meternode.hal.meter.sml;

import java.math.BigInteger;
import java.util.List;

/** One decoded SML TLV element (SML 1.04 clause 6.3), with its byte offset in the unescaped payload. */
sealed interface SmlNode {
    int offset();

    /** Type 111b: a list (sequence) of elements. */
    record ListNode(int offset, List<SmlNode> items) implements SmlNode {
    }

    /** Type 000b: an octet string; TL 01h, an empty octet string, marks an optional field that is absent. */
    record Octets(int offset, byte[] bytes) implements SmlNode {
        boolean absent() {
            return bytes.length == 0;
        }
    }

    /** Type 101b (signed) or 110b (unsigned) integer of 1 to 8 bytes. */
    record Number(int offset, BigInteger value, boolean signed) implements SmlNode {
    }

    /** Type 100b: a boolean. */
    record Bool(int offset, boolean value) implements SmlNode {
    }

    /** TL 00h: end of an SML message. */
    record EndOfMessage(int offset) implements SmlNode {
    }
}

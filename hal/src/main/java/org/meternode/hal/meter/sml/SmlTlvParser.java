package org.meternode.hal.meter.sml;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.meternode.hal.meter.DecodingException;

/**
 * Reads SML type-length-value elements (SML 1.04 clause 6.3.1). A TL byte holds a "more TL bytes"
 * bit, three type bits and four length bits; further TL bytes add four length bits each. For lists
 * the length is the number of elements, for everything else the byte count including the TL bytes.
 * Every length is checked against the bytes left before anything is allocated, and nesting is bounded.
 */
final class SmlTlvParser {
    private static final int MAX_DEPTH = 16;
    private static final int MAX_TL_BYTES = 4;

    private final byte[] b;
    private final int end;
    private int position;

    SmlTlvParser(byte[] bytes, int start, int end) {
        this.b = bytes;
        this.position = start;
        this.end = end;
    }

    int position() {
        return position;
    }

    boolean atEnd() {
        return position >= end;
    }

    SmlNode next() throws DecodingException {
        return element(0);
    }

    private SmlNode element(int depth) throws DecodingException {
        int start = position;
        require(position < end, "SML element expected but the data ended", position);
        require(depth <= MAX_DEPTH, "SML lists nested deeper than " + MAX_DEPTH, position);
        int first = b[position] & 0xFF;
        if (first == 0x00) {
            position++;
            return new SmlNode.EndOfMessage(start);
        }
        int type = (first >> 4) & 0x07;
        int length = first & 0x0F;
        int tlBytes = 1;
        boolean more = (first & 0x80) != 0;
        while (more) {
            require(position + tlBytes < end, "TL field runs past the data", position + tlBytes);
            int next = b[position + tlBytes] & 0xFF;
            require((next & 0x70) == 0, String.format("TL continuation byte %02Xh has type bits set", next),
                    position + tlBytes);
            require(++tlBytes <= MAX_TL_BYTES, "TL field longer than " + MAX_TL_BYTES + " bytes", position + tlBytes);
            length = length << 4 | (next & 0x0F);
            more = (next & 0x80) != 0;
        }
        return switch (type) {
            case 0b111 -> list(start, tlBytes, length, depth);
            case 0b000 -> {
                byte[] value = scalar(start, tlBytes, length);
                yield new SmlNode.Octets(start, value);
            }
            case 0b100 -> {
                byte[] value = scalar(start, tlBytes, length);
                require(value.length == 1, "boolean of " + value.length + " bytes", start);
                yield new SmlNode.Bool(start, value[0] != 0);
            }
            case 0b101, 0b110 -> {
                require(tlBytes == 1, "integer with a multi-byte TL field", start);
                byte[] value = scalar(start, tlBytes, length);
                require(value.length >= 1 && value.length <= 8, "integer of " + value.length + " bytes", start);
                boolean signed = type == 0b101;
                yield new SmlNode.Number(start, signed ? new BigInteger(value) : new BigInteger(1, value), signed);
            }
            default -> throw new DecodingException(String.format("unknown SML type %sb in TL %02Xh",
                    Integer.toBinaryString(8 | type).substring(1), first), start);
        };
    }

    private SmlNode list(int start, int tlBytes, int count, int depth) throws DecodingException {
        position = start + tlBytes;
        // each element takes at least one byte, so a count beyond the bytes left is damage, not a big list
        require(count <= end - position, "list of " + count + " elements in " + (end - position) + " bytes", start);
        List<SmlNode> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(element(depth + 1));
        }
        return new SmlNode.ListNode(start, items);
    }

    private byte[] scalar(int start, int tlBytes, int length) throws DecodingException {
        require(length >= tlBytes, "length " + length + " is shorter than its own TL field", start);
        require(start + length <= end, "element of " + length + " bytes runs past the data", start);
        position = start + length;
        return Arrays.copyOfRange(b, start + tlBytes, start + length);
    }

    private static void require(boolean condition, String what, int offset) throws DecodingException {
        if (!condition) {
            throw new DecodingException(what, offset);
        }
    }
}

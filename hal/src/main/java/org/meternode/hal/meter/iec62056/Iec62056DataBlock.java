package org.meternode.hal.meter.iec62056;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.meternode.hal.meter.ChecksumException;
import org.meternode.hal.meter.DecodingException;

/**
 * The data message of IEC 62056-21 (6.3.15): {@code STX data-lines ! CR LF ETX BCC}, the BCC being
 * the XOR of every byte after STX up to and including ETX. Unidirectional push meters (EasyMeter Q3D
 * and other "mode D" devices) often send the lines without STX, ETX and BCC; those decode with
 * {@code bccChecked} false.
 */
public record Iec62056DataBlock(List<Iec62056DataSet> dataSets, boolean bccChecked) {
    static final int STX = 0x02;
    static final int ETX = 0x03;
    private static final int MAX_ADDRESS = 16;
    private static final int MAX_VALUE = 128;

    public Iec62056DataBlock {
        dataSets = List.copyOf(dataSets);
    }

    /** The first data set with this address. */
    public Optional<Iec62056DataSet> dataSet(String address) {
        return dataSets.stream().filter(d -> d.address().equals(address)).findFirst();
    }

    /**
     * The framed data block a mode C meter sends for these data lines (each ending CR LF): STX, the
     * lines, "!" CR LF, ETX and the BCC. For tests and simulated meters; the node only decodes.
     */
    public static byte[] encode(String lines) {
        byte[] body = (lines + "!\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] block = new byte[body.length + 3];
        block[0] = STX;
        System.arraycopy(body, 0, block, 1, body.length);
        block[body.length + 1] = ETX;
        int bcc = 0;
        for (int i = 1; i <= body.length + 1; i++) {
            bcc ^= block[i];
        }
        block[body.length + 2] = (byte) bcc;
        return block;
    }

    /** Decodes one data block: from STX through BCC, or (without STX) from the first line through "!" CR LF. */
    public static Iec62056DataBlock decode(byte[] block) throws DecodingException {
        return decode(block, 0);
    }

    /** Decodes the data block that starts at {@code from} and ends the input; offsets refer to the whole input. */
    static Iec62056DataBlock decode(byte[] block, int from) throws DecodingException {
        if (from >= block.length) {
            throw new DecodingException("empty data block", from);
        }
        boolean framed = block[from] == STX;
        int start = framed ? from + 1 : from;
        int bang = indexOfEnd(block, start);
        int end = bang + 3; // after "!" CR LF
        if (framed) {
            if (end >= block.length || block[end] != ETX) {
                throw new DecodingException("no ETX after '!' CR LF", Math.min(end, block.length));
            }
            if (end + 2 != block.length) {
                throw new DecodingException(end + 2 > block.length ? "BCC missing after ETX"
                        : (block.length - end - 2) + " bytes after the BCC", Math.min(end + 2, block.length));
            }
            int bcc = 0;
            for (int i = start; i <= end; i++) {
                bcc ^= block[i];
            }
            if ((bcc & 0xFF) != (block[end + 1] & 0xFF)) {
                throw new ChecksumException(String.format("BCC is %02Xh, the data message gives %02Xh",
                        bcc & 0xFF, block[end + 1] & 0xFF), end + 1);
            }
        } else if (end != block.length) {
            throw new DecodingException((block.length - end) + " bytes after '!' CR LF", end);
        }
        return new Iec62056DataBlock(lines(block, start, bang), framed);
    }

    /** Position of the '!' that starts the final line "!" CR LF. */
    private static int indexOfEnd(byte[] b, int start) throws DecodingException {
        for (int i = start; i < b.length; i++) {
            if (b[i] == '!' && (i == start || b[i - 1] == '\n')) {
                if (i + 2 >= b.length || b[i + 1] != '\r' || b[i + 2] != '\n') {
                    throw new DecodingException("'!' not followed by CR LF", i + 1);
                }
                return i;
            }
        }
        throw new DecodingException("no end line '!' CR LF: data block truncated", b.length);
    }

    private static List<Iec62056DataSet> lines(byte[] b, int start, int bang) throws DecodingException {
        List<Iec62056DataSet> sets = new ArrayList<>();
        int i = start;
        while (i < bang) {
            if (b[i] == '\r') {
                requireLf(b, i);
                i += 2; // empty line
                continue;
            }
            String address = "";
            while (i < bang && b[i] != '\r') {
                if (b[i] != '(') {
                    int from = i;
                    i = scan(b, i, bang, "address", MAX_ADDRESS);
                    address = ascii(b, from, i);
                    if (i >= bang || b[i] != '(') {
                        throw new DecodingException("address '" + address + "' is not followed by '('", i);
                    }
                }
                i = dataSet(b, i, bang, address, sets);
            }
            if (i >= bang) {
                throw new DecodingException("data line not ended by CR LF before '!'", i);
            }
            requireLf(b, i);
            i += 2;
        }
        return sets;
    }

    /** Reads "(value[*unit])" at '(' and returns the position after ')'. */
    private static int dataSet(byte[] b, int open, int bang, String address, List<Iec62056DataSet> sets)
            throws DecodingException {
        int i = open + 1;
        int valueEnd = i;
        int unitStart = -1;
        while (i < bang && b[i] != ')' && b[i] != '\r') {
            checkCharacter(b, i);
            if (b[i] == '(') {
                throw new DecodingException("'(' inside the value of " + address, i);
            }
            if (b[i] == '*' && unitStart < 0) {
                valueEnd = i;
                unitStart = i + 1;
            }
            i++;
        }
        if (i >= bang || b[i] != ')') {
            throw new DecodingException("value of " + address + " not closed by ')'", open);
        }
        if (unitStart < 0) {
            valueEnd = i;
        }
        if (valueEnd - open - 1 > MAX_VALUE) {
            throw new DecodingException("value of " + address + " longer than " + MAX_VALUE + " characters", open);
        }
        String unit = unitStart < 0 ? "" : ascii(b, unitStart, i);
        sets.add(new Iec62056DataSet(address, ascii(b, open + 1, valueEnd), unit));
        return i + 1;
    }

    private static int scan(byte[] b, int i, int bang, String what, int max) throws DecodingException {
        int from = i;
        while (i < bang && b[i] != '(' && b[i] != '\r') {
            checkCharacter(b, i);
            if (b[i] == ')') {
                throw new DecodingException("')' inside an " + what, i);
            }
            i++;
        }
        if (i - from > max) {
            throw new DecodingException(what + " longer than " + max + " characters", from);
        }
        return i;
    }

    private static void checkCharacter(byte[] b, int i) throws DecodingException {
        int c = b[i] & 0xFF;
        if (c < 0x20 || c > 0x7E) {
            throw new DecodingException(String.format("byte 0x%02X is not printable ASCII", c), i);
        }
    }

    private static void requireLf(byte[] b, int i) throws DecodingException {
        if (i + 1 >= b.length || b[i + 1] != '\n') {
            throw new DecodingException("CR not followed by LF", i);
        }
    }

    private static String ascii(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.US_ASCII);
    }
}

package org.meternode.hal.meter.mbus;

import java.util.ArrayList;
import java.util.List;
import org.meternode.hal.meter.DecodingException;

/**
 * Where each data record of a variable data block starts and ends (DIB, VIB, data), found before
 * jmbus sees the bytes. jmbus reads past the block end or loops on some malformed input (a negative
 * plain-text VIF length moves its cursor backwards), so every record must fit before it is decoded;
 * afterwards jmbus's DIB/VIB lengths are checked against these. The walk follows jmbus 3.3.0's reading
 * of the layout (EN 13757-3 clause 6).
 */
record RecordLayout(List<Extent> records, boolean moreRecordsFollow, int manufacturerDataStart) {

    /** One record: [start, dibEnd) DIB, [dibEnd, vibEnd) VIB, [vibEnd, end) data. */
    record Extent(int start, int dibEnd, int vibEnd, int end) {
    }

    private static final int MAX_DIFE = 10;
    private static final int MAX_VIFE = 10;

    /** Walks the records in {@code bytes[start, end)}; {@code end} is where the checksum byte sits. */
    static RecordLayout walk(byte[] bytes, int start, int end) throws DecodingException {
        List<Extent> records = new ArrayList<>();
        int i = start;
        while (i < end) {
            int dif = bytes[i] & 0xFF;
            if ((dif & 0xEF) == 0x0F) { // DIF 0Fh / 1Fh: manufacturer specific data follows (1Fh: more records follow)
                return new RecordLayout(records, dif == 0x1F, i + 1);
            }
            if (dif == 0x2F) { // DIF 2Fh: idle filler
                i++;
                continue;
            }
            Extent extent = walkRecord(bytes, i, end, records.size());
            records.add(extent);
            i = extent.end();
        }
        return new RecordLayout(records, false, end);
    }

    private static Extent walkRecord(byte[] b, int start, int end, int index) throws DecodingException {
        int dataField = b[start] & 0x0F;
        int i = start;
        int difes = -1;
        boolean extension;
        do {
            if (i >= end) {
                throw new DecodingException("DIF/DIFE chain of record " + index + " runs past the data", i);
            }
            extension = (b[i++] & 0x80) != 0;
            if (++difes > MAX_DIFE) {
                throw new DecodingException("record " + index + " has more than 10 DIFEs", i);
            }
        } while (extension);
        int dibEnd = i;
        if (i >= end) {
            throw new DecodingException("record " + index + " has no VIF", i);
        }
        int vif = b[i++] & 0xFF;
        boolean further;
        if (vif == 0xFB || vif == 0xFD) { // VIF FBh / FDh: first extension table, its code in the next byte
            if (i >= end) {
                throw new DecodingException("record " + index + " ends after extension VIF", i);
            }
            further = (b[i++] & 0x80) != 0;
        } else if ((vif & 0x7F) == 0x7C) { // VIF 7Ch / FCh: plain-text unit, length byte and reversed ASCII
            if (i >= end) {
                throw new DecodingException("record " + index + " ends before its plain-text VIF length", i);
            }
            int length = b[i] & 0xFF;
            if (length > 0x7F) {
                throw new DecodingException("plain-text VIF length " + length + " of record " + index
                        + " is not below 128", i);
            }
            i += 1 + length;
            if (i > end) {
                throw new DecodingException("plain-text VIF of record " + index + " runs past the data", i);
            }
            further = (vif & 0x80) != 0;
        } else {
            further = (vif & 0x80) != 0;
        }
        int vifes = 0;
        while (further) {
            if (i >= end) {
                throw new DecodingException("VIFE chain of record " + index + " runs past the data", i);
            }
            further = (b[i++] & 0x80) != 0;
            if (++vifes > MAX_VIFE) {
                throw new DecodingException("record " + index + " has more than 10 VIFEs", i);
            }
        }
        int vibEnd = i;
        int length = dataLength(b, dataField, i, end, index);
        if (dataField == 0x0D) {
            i++; // the LVAR byte
        }
        if (i + length > end) {
            throw new DecodingException("data of record " + index + " (" + length + " bytes) runs past the data", i);
        }
        return new Extent(start, dibEnd, vibEnd, i + length);
    }

    /** Data length by the DIF data field (EN 13757-3 table 5). */
    private static int dataLength(byte[] b, int dataField, int i, int end, int index) throws DecodingException {
        return switch (dataField) {
            case 0x0, 0x8 -> 0; // no data / selection for readout
            case 0x1, 0x9 -> 1; // 8-bit integer / 2-digit BCD
            case 0x2, 0xA -> 2; // 16-bit integer / 4-digit BCD
            case 0x3, 0xB -> 3; // 24-bit integer / 6-digit BCD
            case 0x4, 0x5, 0xC -> 4; // 32-bit integer / 32-bit real / 8-digit BCD
            case 0x6, 0xE -> 6; // 48-bit integer / 12-digit BCD
            case 0x7 -> 8; // 64-bit integer
            case 0xD -> { // variable length: LVAR byte first
                if (i >= end) {
                    throw new DecodingException("record " + index + " ends before its LVAR byte", i);
                }
                int lvar = b[i] & 0xFF;
                // LVAR 00h..BFh: ASCII string of LVAR bytes. C0h and above (BCD, binary, float) are decoded by
                // jmbus with lengths that differ from EN 13757-3, so they are refused rather than misread.
                if (lvar >= 0xC0) {
                    throw new DecodingException(String.format("LVAR %02Xh of record %d is not supported", lvar, index),
                            i);
                }
                yield lvar;
            }
            default -> throw new DecodingException(
                    "record " + index + " has special-function data field 0Fh inside the records", i);
        };
    }
}

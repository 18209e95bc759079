package org.meternode.hal.meter.mbus;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.openmuc.jmbus.DataRecord;
import org.openmuc.jmbus.DlmsUnit;
import org.openmuc.jmbus.VariableDataStructure;
import org.meternode.hal.meter.CosemUnit;
import org.meternode.hal.meter.DecodingException;

/**
 * The application layer of an RSP_UD: CI field, the header (the meter's secondary address in a long
 * header), the data records and whether more records follow in the next telegram (DIF 1Fh).
 *
 * @param address present with the long header (CI 72h)
 * @param accessNumber counts telegrams sent by the meter
 * @param status application errors, power low, permanent/temporary error (EN 13757-3 table 9)
 */
public record MbusVariableData(
        int ci,
        Optional<MbusSecondaryAddress> address,
        int accessNumber,
        int status,
        List<MbusRecord> records,
        boolean moreRecordsFollow,
        byte[] manufacturerData) {

    static final int CI_LONG_HEADER = 0x72;
    static final int CI_NO_HEADER = 0x78;
    static final int CI_SHORT_HEADER = 0x7A;

    public MbusVariableData {
        records = List.copyOf(records);
        manufacturerData = manufacturerData.clone();
    }

    @Override
    public byte[] manufacturerData() {
        return manufacturerData.clone();
    }

    static boolean isVariableDataCi(int ci) {
        return ci == CI_LONG_HEADER || ci == CI_NO_HEADER || ci == CI_SHORT_HEADER;
    }

    /**
     * Decodes the user data of a long frame: {@code frame[ciOffset]} is the CI field and
     * {@code frame[checksumOffset]} the checksum; offsets in errors refer to the whole frame.
     */
    static MbusVariableData decode(byte[] frame, int ciOffset, int checksumOffset) throws DecodingException {
        int ci = frame[ciOffset] & 0xFF;
        int recordsStart;
        Optional<MbusSecondaryAddress> address = Optional.empty();
        int access = 0;
        int status = 0;
        switch (ci) {
            case CI_LONG_HEADER -> { // CI 72h: RSP_UD with 12-byte long header
                require(checksumOffset - ciOffset >= 13, "long header of 12 bytes is incomplete", ciOffset + 1);
                address = Optional.of(MbusSecondaryAddress.decode(frame, ciOffset + 1));
                access = frame[ciOffset + 9] & 0xFF;
                status = frame[ciOffset + 10] & 0xFF;
                checkUnencrypted(frame, ciOffset + 11);
                recordsStart = ciOffset + 13;
            }
            case CI_SHORT_HEADER -> { // CI 7Ah: RSP_UD with 4-byte short header
                require(checksumOffset - ciOffset >= 5, "short header of 4 bytes is incomplete", ciOffset + 1);
                access = frame[ciOffset + 1] & 0xFF;
                status = frame[ciOffset + 2] & 0xFF;
                checkUnencrypted(frame, ciOffset + 3);
                recordsStart = ciOffset + 5;
            }
            case CI_NO_HEADER -> recordsStart = ciOffset + 1; // CI 78h: RSP_UD without header
            default -> throw new DecodingException(String.format("CI %02Xh is not a variable data response", ci), ciOffset);
        }
        RecordLayout layout = RecordLayout.walk(frame, recordsStart, checksumOffset);
        // jmbus expects CI .. stop byte: it stops two bytes before the end it is given.
        List<DataRecord> decoded = decodeWithJmbus(Arrays.copyOfRange(frame, ciOffset, checksumOffset + 2), ciOffset);
        List<MbusRecord> records = map(frame, layout, decoded);
        byte[] manufacturerData = Arrays.copyOfRange(frame, layout.manufacturerDataStart(), checksumOffset);
        return new MbusVariableData(ci, address, access, status, records, layout.moreRecordsFollow(), manufacturerData);
    }

    /**
     * Decodes the data records alone from {@code data[start, end)}, as they follow a transport layer
     * header that the caller has already read (and decrypted): wireless M-Bus application data. The
     * result carries CI 78h (no header); offsets in errors refer to {@code data}.
     */
    public static MbusVariableData decodeRecords(byte[] data, int start, int end) throws DecodingException {
        if (start < 0 || end > data.length || start > end) {
            throw new IllegalArgumentException("records range " + start + ".." + end + " outside " + data.length);
        }
        RecordLayout layout = RecordLayout.walk(data, start, end);
        byte[] userData = new byte[end - start + 3]; // CI 78h, the records, room for checksum and stop byte
        userData[0] = CI_NO_HEADER;
        System.arraycopy(data, start, userData, 1, end - start);
        List<DataRecord> decoded = decodeWithJmbus(userData, start);
        List<MbusRecord> records = map(data, layout, decoded);
        byte[] manufacturerData = Arrays.copyOfRange(data, layout.manufacturerDataStart(), end);
        return new MbusVariableData(CI_NO_HEADER, Optional.empty(), 0, 0, records, layout.moreRecordsFollow(),
                manufacturerData);
    }

    /** Configuration word bits 8-12 (EN 13757-3 7.5.8): encryption mode; only mode 0 (none) is read. */
    private static void checkUnencrypted(byte[] frame, int configOffset) throws DecodingException {
        int mode = frame[configOffset + 1] & 0x1F;
        if (mode != 0) {
            throw new DecodingException("encrypted payload (security mode " + mode + ") is not supported", configOffset);
        }
    }

    private static List<DataRecord> decodeWithJmbus(byte[] userData, int ciOffset) throws DecodingException {
        VariableDataStructure structure = new VariableDataStructure(userData, 0, userData.length, null, null);
        try {
            structure.decode();
        } catch (org.openmuc.jmbus.DecodingException e) {
            throw new DecodingException("jmbus could not decode the data records: " + e.getMessage(), ciOffset, e);
        }
        return structure.getDataRecords();
    }

    private static List<MbusRecord> map(byte[] frame, RecordLayout layout, List<DataRecord> decoded)
            throws DecodingException {
        List<RecordLayout.Extent> extents = layout.records();
        if (decoded.size() != extents.size()) {
            throw new DecodingException("jmbus found " + decoded.size() + " records where the layout has "
                + extents.size(), extents.isEmpty() ? 0 : extents.get(0).start());
        }
        List<MbusRecord> records = new ArrayList<>(extents.size());
        for (int i = 0; i < extents.size(); i++) {
            records.add(record(frame, i, extents.get(i), decoded.get(i)));
        }
        return records;
    }

    private static MbusRecord record(byte[] frame, int index, RecordLayout.Extent extent, DataRecord jmbus)
            throws DecodingException {
        byte[] dib = Arrays.copyOfRange(frame, extent.start(), extent.dibEnd());
        byte[] vib = Arrays.copyOfRange(frame, extent.dibEnd(), extent.vibEnd());
        if (!(Arrays.equals(dib, jmbus.getDib()) && Arrays.equals(vib, jmbus.getVib()))) {
            throw new DecodingException("jmbus read the DIB/VIB of record " + index + " differently", extent.start());
        }
        int dataStart = (dib[0] & 0x0F) == 0x0D ? extent.vibEnd() + 1 : extent.vibEnd();
        byte[] data = Arrays.copyOfRange(frame, dataStart, extent.end());
        MbusValue value = value(jmbus, data, index, dataStart);
        return new MbusRecord(index, dib, vib, jmbus.getUserDefinedDescription(), unit(jmbus.getUnit()),
                jmbus.getMultiplierExponent(), storage(dib), tariff(dib), subunit(dib), function(dib[0]), data, value);
    }

    private static MbusValue value(DataRecord jmbus, byte[] data, int index, int offset) throws DecodingException {
        return switch (jmbus.getDataValueType()) {
            case NONE -> new MbusValue.NoData();
            case LONG -> new MbusValue.Integer((Long) jmbus.getDataValue());
            case DOUBLE -> new MbusValue.Real((Double) jmbus.getDataValue());
            case STRING -> new MbusValue.Text((String) jmbus.getDataValue());
            case BCD -> new MbusValue.Bcd(bcd(data, index, offset));
            case DATE -> data.length == 2 ? dateTypeG(data) : dateTimeTypeF(data);
        };
    }

    /** BCD, least significant byte first; an F in the most significant digit marks a negative value. */
    private static long bcd(byte[] data, int index, int offset) throws DecodingException {
        long value = 0;
        boolean negative = false;
        for (int i = data.length - 1; i >= 0; i--) {
            int high = (data[i] >> 4) & 0x0F;
            int low = data[i] & 0x0F;
            if (i == data.length - 1 && high == 0x0F) {
                negative = true;
                high = 0;
            }
            if (high > 9 || low > 9) {
                throw new DecodingException(String.format("BCD byte %02X of record %d is not decimal", data[i], index),
                        offset + i);
            }
            value = value * 100 + high * 10 + low;
        }
        return negative ? -value : value;
    }

    /** Type G date (EN 13757-3 Annex A): day bits 0-4, month bits 8-11, year bits 5-7 and 12-15. */
    private static MbusValue dateTypeG(byte[] d) {
        int day = d[0] & 0x1F;
        int month = d[1] & 0x0F;
        int year = ((d[0] & 0xE0) >> 5) | ((d[1] & 0xF0) >> 1);
        try {
            return new MbusValue.Date(LocalDate.of(2000 + year, month, day));
        } catch (DateTimeException e) {
            return new MbusValue.Raw(d);
        }
    }

    /** Type F date-time: minute (IV bit 7), hour (SU bit 7), day, month, year as in type G. */
    private static MbusValue dateTimeTypeF(byte[] d) {
        boolean invalid = (d[0] & 0x80) != 0;
        int minute = d[0] & 0x3F;
        int hour = d[1] & 0x1F;
        boolean summer = (d[1] & 0x80) != 0;
        int day = d[2] & 0x1F;
        int month = d[3] & 0x0F;
        int year = ((d[2] & 0xE0) >> 5) | ((d[3] & 0xF0) >> 1);
        if (invalid) {
            return new MbusValue.Raw(d);
        }
        try {
            return new MbusValue.DateTime(LocalDateTime.of(2000 + year, month, day, hour, minute), summer);
        } catch (DateTimeException e) {
            return new MbusValue.Raw(d);
        }
    }

    private static String unit(DlmsUnit unit) {
        if (unit == null) {
            return "";
        }
        return CosemUnit.of(unit.getId()).map(CosemUnit::symbol).orElse(unit.getUnit());
    }

    /** Storage number: DIF bit 6, then 4 bits from each DIFE (bits 0-3). */
    private static long storage(byte[] dib) {
        long storage = (dib[0] & 0x40) >> 6;
        for (int i = 1; i < dib.length; i++) {
            storage |= (long) (dib[i] & 0x0F) << (1 + 4 * (i - 1));
        }
        return storage;
    }

    /** Tariff: 2 bits from each DIFE (bits 4-5). */
    private static int tariff(byte[] dib) {
        int tariff = 0;
        for (int i = 1; i < dib.length; i++) {
            tariff |= ((dib[i] & 0x30) >> 4) << (2 * (i - 1));
        }
        return tariff;
    }

    /** Subunit (device unit): 1 bit from each DIFE (bit 6). */
    private static int subunit(byte[] dib) {
        int subunit = 0;
        for (int i = 1; i < dib.length; i++) {
            subunit |= ((dib[i] & 0x40) >> 6) << (i - 1);
        }
        return subunit;
    }

    private static MbusRecord.Function function(byte dif) {
        return MbusRecord.Function.values()[(dif & 0x30) >> 4];
    }

    private static void require(boolean condition, String what, int offset) throws DecodingException {
        if (!condition) {
            throw new DecodingException(what, offset);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MbusVariableData d && ci == d.ci && address.equals(d.address)
                && accessNumber == d.accessNumber && status == d.status && records.equals(d.records)
                && moreRecordsFollow == d.moreRecordsFollow && Arrays.equals(manufacturerData, d.manufacturerData);
    }

    @Override
    public int hashCode() {
        return records.hashCode() * 31 + Arrays.hashCode(manufacturerData);
    }
}

package org.meternode.hal.meter.mbus;

import java.io.ByteArrayOutputStream;

/**
 * Builds the RSP_UD long frame a meter sends (C 08h, CI 72h with the long header), for tests and
 * simulated meters; the node only decodes them ({@link MbusFrame#decode}). Records are written as
 * DIB, VIB and data bytes; helpers cover the common 32-bit binary and 8-digit BCD records.
 */
public final class MbusRspUdBuilder {
    /** C field of RSP_UD. */
    public static final int C_RSP_UD = 0x08;
    /** DIF 1Fh: more records follow in the next telegram. */
    public static final int DIF_MORE_RECORDS = 0x1F;

    private final int primaryAddress;
    private final MbusSecondaryAddress secondaryAddress;
    private final ByteArrayOutputStream records = new ByteArrayOutputStream();
    private int accessNumber;
    private int status;
    private boolean moreRecordsFollow;

    public MbusRspUdBuilder(int primaryAddress, MbusSecondaryAddress secondaryAddress) {
        this.primaryAddress = primaryAddress;
        this.secondaryAddress = secondaryAddress;
    }

    public MbusRspUdBuilder accessNumber(int value) {
        this.accessNumber = value & 0xFF;
        return this;
    }

    public MbusRspUdBuilder status(int value) {
        this.status = value & 0xFF;
        return this;
    }

    /** One record as raw DIB, VIB and data bytes. */
    public MbusRspUdBuilder record(byte[] dib, byte[] vib, byte[] data) {
        records.writeBytes(dib);
        records.writeBytes(vib);
        records.writeBytes(data);
        return this;
    }

    /** An instantaneous 32-bit binary integer (DIF 04h) with a one-byte VIF. */
    public MbusRspUdBuilder int32(int vif, long value) {
        return record(new byte[] {0x04}, new byte[] {(byte) vif}, littleEndian(value, 4));
    }

    /** An instantaneous 16-bit binary integer (DIF 02h) with a one-byte VIF. */
    public MbusRspUdBuilder int16(int vif, long value) {
        return record(new byte[] {0x02}, new byte[] {(byte) vif}, littleEndian(value, 2));
    }

    /** An instantaneous 8-digit BCD value (DIF 0Ch) with a one-byte VIF. */
    public MbusRspUdBuilder bcd8(int vif, long value) {
        if (value < 0 || value > 99_999_999L) {
            throw new IllegalArgumentException("BCD value " + value + " does not fit 8 digits");
        }
        byte[] data = new byte[4];
        long rest = value;
        for (int i = 0; i < 4; i++) {
            data[i] = (byte) ((rest % 10) | (rest / 10 % 10) << 4);
            rest /= 100;
        }
        return record(new byte[] {0x0C}, new byte[] {(byte) vif}, data);
    }

    /** Ends the telegram with DIF 1Fh: the master should ask for the next one. */
    public MbusRspUdBuilder moreRecordsFollow() {
        this.moreRecordsFollow = true;
        return this;
    }

    /** The whole frame, 68h L L 68h .. CS 16h. */
    public byte[] build() {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(secondaryAddress.encode());
        data.write(accessNumber);
        data.write(status);
        data.write(0); // signature: no encryption
        data.write(0);
        data.writeBytes(records.toByteArray());
        if (moreRecordsFollow) {
            data.write(DIF_MORE_RECORDS);
        }
        return MbusFrame.encodeLong(C_RSP_UD, primaryAddress, MbusVariableData.CI_LONG_HEADER, data.toByteArray());
    }

    private static byte[] littleEndian(long value, int bytes) {
        byte[] out = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            out[i] = (byte) (value >> (8 * i));
        }
        return out;
    }
}

package org.meternode.hal.meter.mbus;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HexFormat;

/** The data field of one M-Bus record, by the data type its DIF and VIF declare (EN 13757-3 Annex A). */
public sealed interface MbusValue {

    /** DIF data field 0 or 8: no data (a selection for readout, or a placeholder). */
    record NoData() implements MbusValue {
    }

    /** Binary integer, 8 to 64 bits, two's complement (data fields 1-4, 6, 7). */
    record Integer(long value) implements MbusValue {
    }

    /** Binary coded decimal, 2 to 12 digits, an 'F' in the top digit meaning negative (fields 9-C, E). */
    record Bcd(long value) implements MbusValue {
    }

    /** IEEE 754 single precision (data field 5), widened. */
    record Real(double value) implements MbusValue {
    }

    /** Variable-length ASCII (data field D, LVAR below C0h), already in reading order. */
    record Text(String value) implements MbusValue {
    }

    /** Date, type G (VIF 6Ch with a 16-bit field). */
    record Date(LocalDate date) implements MbusValue {
    }

    /** Date and time, type F (VIF 6Dh with a 32-bit field); {@code summerTime} is the SU bit. */
    record DateTime(LocalDateTime dateTime, boolean summerTime) implements MbusValue {
    }

    /** Bytes that have no better type: a date marked invalid or out of range. */
    record Raw(byte[] bytes) implements MbusValue {
        public Raw {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Raw raw && Arrays.equals(bytes, raw.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Raw[" + HexFormat.of().formatHex(bytes) + "]";
        }
    }
}

package org.meternode.hal.meter.mbus;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One data record of an M-Bus variable data response, keeping raw, meaning and scale: the DIB and
 * VIB bytes as received, the quantity and unit the VIF stands for, the decimal exponent to apply,
 * storage number, tariff and subunit from the DIB, the function (instantaneous, max, min, error),
 * the raw data bytes and the typed value.
 *
 * @param index position of the record in its telegram (or readout), from 0
 * @param description the quantity as jmbus names it ({@code ENERGY}, {@code VOLUME}, ...) or the plain-text VIF
 * @param unit the unit symbol ({@code Wh}, {@code m3}); empty when the VIF has none
 * @param exponent decimal exponent: the physical value is value x 10^exponent
 */
public record MbusRecord(
        int index,
        byte[] dib,
        byte[] vib,
        String description,
        String unit,
        int exponent,
        long storage,
        int tariff,
        int subunit,
        Function function,
        byte[] data,
        MbusValue value) {

    /** The DIF function field, bits 4-5 (EN 13757-3 table 4). */
    public enum Function {
        INSTANTANEOUS, // 00b: instantaneous value
        MAXIMUM, // 01b: maximum value
        MINIMUM, // 10b: minimum value
        DURING_ERROR // 11b: value during error state
    }

    public MbusRecord {
        dib = dib.clone();
        vib = vib.clone();
        data = data.clone();
    }

    @Override
    public byte[] dib() {
        return dib.clone();
    }

    @Override
    public byte[] vib() {
        return vib.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The value with its exponent applied, exactly, for integer and BCD values. */
    public Optional<BigDecimal> scaledValue() {
        return switch (value) {
            case MbusValue.Integer i -> Optional.of(BigDecimal.valueOf(i.value()).scaleByPowerOfTen(exponent));
            case MbusValue.Bcd b -> Optional.of(BigDecimal.valueOf(b.value()).scaleByPowerOfTen(exponent));
            case MbusValue.Real r when Double.isFinite(r.value()) ->
                    Optional.of(new BigDecimal(Float.toString((float) r.value())).scaleByPowerOfTen(exponent));
            default -> Optional.empty();
        };
    }

    /** The same record at another position (records of a multi-telegram readout are numbered through). */
    public MbusRecord withIndex(int newIndex) {
        return new MbusRecord(newIndex, dib, vib, description, unit, exponent, storage, tariff, subunit, function, data,
                value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MbusRecord r && index == r.index && Arrays.equals(dib, r.dib)
                && Arrays.equals(vib, r.vib) && description.equals(r.description) && unit.equals(r.unit)
                && exponent == r.exponent && storage == r.storage && tariff == r.tariff && subunit == r.subunit
                && function == r.function && Arrays.equals(data, r.data) && value.equals(r.value);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * index + Arrays.hashCode(dib)) + Arrays.hashCode(vib) + value.hashCode();
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "MbusRecord[" + index + ", dib=" + hex.formatHex(dib) + ", vib=" + hex.formatHex(vib) + ", "
                + description + ", unit=" + unit + ", exponent=" + exponent + ", storage=" + storage + ", tariff="
                + tariff + ", subunit=" + subunit + ", " + function + ", data=" + hex.formatHex(data) + ", " + value
                + "]";
    }
}

package org.meternode.hal.chip.model;

/**
 * Base of chip models with a pointer register selecting 16-bit big-endian registers (the TI
 * ADS1115/INA219 scheme): a write of {@code [pointer]} selects, {@code [pointer, MSB, LSB]} also
 * writes; a 2-byte read returns the selected register. Other message shapes are driver bugs and
 * fail loudly.
 */
public abstract class Register16Chip implements I2cChipModel {
    private int pointer;

    /** The chip's name for model errors. */
    protected abstract String name();

    /** Pointer values the chip decodes. */
    protected abstract boolean isRegister(int pointer);

    protected abstract int readRegister(int pointer);

    protected abstract void writeRegister(int pointer, int value);

    @Override
    public final synchronized void onWrite(byte[] bytes) {
        if (bytes.length == 0) {
            return; // address probe
        }
        int p = bytes[0] & 0xFF;
        if (!isRegister(p)) {
            throw new IllegalStateException(String.format("%s model: pointer 0x%02X selects no register", name(), p));
        }
        pointer = p;
        switch (bytes.length) {
            case 1 -> { }
            case 3 -> writeRegister(p, ((bytes[1] & 0xFF) << 8) | (bytes[2] & 0xFF));
            default -> throw new IllegalStateException(String.format(
                    "%s model: %d-byte write; registers take [pointer] or [pointer, MSB, LSB]", name(), bytes.length));
        }
    }

    @Override
    public final synchronized byte[] onRead(int length) {
        if (length != 2) {
            throw new IllegalStateException(name() + " model: " + length + "-byte read; registers are 2 bytes");
        }
        int value = readRegister(pointer);
        return new byte[] {(byte) (value >> 8), (byte) value};
    }

    /** The register the pointer selects now. */
    protected final int pointer() {
        return pointer;
    }
}

package org.meternode.hal.bus;

import java.io.IOException;

/**
 * One I2C bus as a controller sees it: combined write-then-read messages to 7-bit addresses, and
 * transactions that keep the bus to themselves. Everything else is a default built on those two.
 *
 * <p>Multi-byte registers are big-endian (MSB first), as on the TI ADS1115 and INA219. A chip that
 * does not acknowledge its address fails with {@link I2cNackException}.
 */
public interface I2cBus {

    /**
     * Writes {@code out} to {@code address}, then (after a repeated start, without releasing the
     * bus) reads {@code in.length} bytes into {@code in}. An empty {@code in} is a plain write; an
     * empty {@code out} a plain read.
     *
     * @throws I2cNackException when nothing acknowledges {@code address}
     */
    void writeRead(int address, byte[] out, byte[] in) throws IOException;

    /**
     * Runs {@code work} while holding the bus, so that no other caller's messages interleave with
     * its own (Pi4J {@code I2C.execute}). {@code work} talks to the bus it is handed. Implementations
     * hold a reentrant lock, so calls on this bus from inside {@code work} (and nested transactions)
     * do not deadlock, and let exceptions from {@code work} through unchanged. {@code address} names
     * the chip the work is for, in logs and errors.
     */
    <T> T transaction(int address, I2cTransaction<T> work) throws IOException;

    /** Writes {@code bytes} as one message. */
    default void write(int address, byte... bytes) throws IOException {
        writeRead(address, bytes, new byte[0]);
    }

    /** Reads {@code length} bytes as one message. */
    default byte[] read(int address, int length) throws IOException {
        byte[] in = new byte[length];
        writeRead(address, new byte[0], in);
        return in;
    }

    /** Writes one byte to an 8-bit register: {@code [register, value]}. */
    default void writeRegister8(int address, int register, int value) throws IOException {
        writeRead(address, new byte[] {(byte) register, (byte) value}, new byte[0]);
    }

    /** Reads one byte from an 8-bit register, 0..255. */
    default int readRegister8(int address, int register) throws IOException {
        byte[] in = new byte[1];
        writeRead(address, new byte[] {(byte) register}, in);
        return in[0] & 0xFF;
    }

    /** Writes a 16-bit register big-endian: {@code [register, MSB, LSB]}. */
    default void writeRegister16(int address, int register, int value) throws IOException {
        writeRead(address, new byte[] {(byte) register, (byte) (value >> 8), (byte) value}, new byte[0]);
    }

    /**
     * Reads a 16-bit big-endian register as 0..65535; cast to {@code short} for a two's-complement
     * value.
     */
    default int readRegister16(int address, int register) throws IOException {
        byte[] in = new byte[2];
        writeRead(address, new byte[] {(byte) register}, in);
        return ((in[0] & 0xFF) << 8) | (in[1] & 0xFF);
    }

    /** Reads {@code in.length} bytes starting at {@code register} (auto-incrementing chips). */
    default void readRegisters(int address, int register, byte[] in) throws IOException {
        writeRead(address, new byte[] {(byte) register}, in);
    }
}
